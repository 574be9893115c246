"""mutate kwargs: source/value/plain bindings shared by targets; apply_to's own replace them."""

from hamilton.function_modifiers import apply_to, mutate, source, value


def offset() -> int:
    return 100


def first(start: int) -> int:
    return start


def second(start: int) -> int:
    return start * 2


def third(start: int) -> int:
    return start * 3


@mutate(first, apply_to(second, n=value(7)), n=source("offset"))
def _add(x: int, n: int) -> int:
    return x + n


@mutate(apply_to(third, factor=source("start")), apply_to(first), factor=10, shift=1)
def _scale(x: int, factor: int, shift: int = 0) -> int:
    return x * factor + shift


@mutate(second, first, label="s")
def _tag(x: int, *, label: str) -> int:
    return x + len(label)
