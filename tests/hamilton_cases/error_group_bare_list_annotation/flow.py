"""@inject(group(...)) into a parameter annotated as bare `list` (not list[X])."""

from hamilton.function_modifiers import group, inject, source


@inject(parts=group(source("a"), source("b")))
def total(parts: list) -> int:
    return sum(parts)
