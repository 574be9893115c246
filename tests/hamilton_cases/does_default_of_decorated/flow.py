"""@does: a default of the decorated function is passed to the replacing function."""

from hamilton.function_modifiers import does


def _sum_all(**values: int) -> int:
    return sum(values.values())


def _describe(count: int, unit: str = "items") -> str:
    return f"{count} {unit}"


@does(_sum_all)
def with_bonus(base: int, bonus: int = 7) -> int:
    pass


@does(_describe)
def described(count: int, unit: str = "boxes") -> str:
    pass
