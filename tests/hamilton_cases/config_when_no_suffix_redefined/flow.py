from hamilton.function_modifiers import config


@config.when(mode="a")
def total(x: int) -> int:
    return x + 1


@config.when(mode="b")
def total(x: int) -> int:  # noqa: F811 (the redefinition is the case)
    return x + 2


def shown(x: int, total: int = -1) -> str:
    return f"{x}:{total}"
