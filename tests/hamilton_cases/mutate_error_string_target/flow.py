"""mutate names its target by a string: Hamilton refuses (function objects only)."""

from hamilton.function_modifiers import apply_to, mutate


def total(count: int) -> int:
    return count


@mutate(apply_to("total"))
def _double(x: int) -> int:
    return x * 2
