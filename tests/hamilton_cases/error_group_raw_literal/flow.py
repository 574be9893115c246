"""group() given a raw constant instead of value()/source()."""

from hamilton.function_modifiers import group, inject, source


@inject(parts=group(source("a"), 5))
def total(parts: list[int]) -> int:
    return sum(parts)
