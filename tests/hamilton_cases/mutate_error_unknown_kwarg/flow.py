"""mutate binds a keyword the mutating function does not take."""

from hamilton.function_modifiers import mutate, value


def total(count: int) -> int:
    return count


@mutate(total, factor=value(3))
def _scale(x: int, multiplier: int) -> int:
    return x * multiplier
