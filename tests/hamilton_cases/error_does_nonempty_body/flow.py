"""@does on a function that has a real body."""

from hamilton.function_modifiers import does


def _sum_all(**values: int) -> int:
    return sum(values.values())


@does(_sum_all)
def total(a: int, b: int) -> int:
    return a * b
