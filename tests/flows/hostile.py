"""A small flow for the hostile-input test: inputs, a config switch, several outputs."""


def doubled(a: int) -> int:
    return a * 2


def greeting(name: str, doubled: int) -> str:
    return f"{name} {doubled}"


def summary(doubled: int, greeting: str, mode: str = "batch") -> dict:
    return {"doubled": doubled, "greeting": greeting, "mode": mode}
