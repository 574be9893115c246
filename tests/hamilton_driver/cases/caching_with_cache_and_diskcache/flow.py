import os


def _note(name: str) -> None:
    with open(os.environ["CALLS_FILE"], "a") as handle:
        handle.write(name + "\n")


def a(x: int) -> int:
    _note("a")
    return x + 1


def b(a: int) -> int:
    _note("b")
    return a * 2
