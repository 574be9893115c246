"""A public mutating function is still no node: a parameter of its name keeps its default."""

from hamilton.function_modifiers import mutate


def total(count: int) -> int:
    return count


@mutate(total)
def double(x: int) -> int:
    return x * 2


def summary(total: int, double: int = -1) -> str:
    return f"{total}/{double}"
