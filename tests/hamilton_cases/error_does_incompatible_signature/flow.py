"""@does whose replacing function cannot take the decorated function's parameters."""

from hamilton.function_modifiers import does


def _only_x(x: int) -> int:
    return x


@does(_only_x)
def doubled(x: int, y: int) -> int:
    pass
