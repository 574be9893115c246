"""@does with a **kwargs replacing function: the decorated body is never run."""

from hamilton.function_modifiers import does


def _sum_all(**values: int) -> int:
    return sum(values.values())


def a() -> int:
    return 2


@does(_sum_all)
def total(a: int, b: int, c: int) -> int:
    """Sum of a, b and c."""
    pass
