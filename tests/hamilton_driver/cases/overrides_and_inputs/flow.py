import os


def _note(name: str) -> None:
    with open(os.environ["CALLS_FILE"], "a") as handle:
        handle.write(name + "\n")


def raw(source_path: str) -> int:
    _note("raw")
    raise FileNotFoundError(source_path)


def cleaned(raw: int) -> int:
    _note("cleaned")
    return raw + 1


def feature(cleaned: int, scale: float = 1.5) -> float:
    _note("feature")
    return cleaned * scale


def report(feature: float, cleaned: int) -> str:
    _note("report")
    return f"{cleaned}:{feature}"
