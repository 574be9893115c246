"""@inject with group(...) in list form, mixing source() and value()."""

from hamilton.function_modifiers import group, inject, source, value


def north() -> int:
    return 3


def south() -> int:
    return 4


@inject(parts=group(source("north"), value(10), source("south")))
def region_total(parts: list[int], scale: int) -> int:
    return sum(parts) * scale


@inject(parts=group(source("south"), source("north")))
def ordered(parts: list[int]) -> list[int]:
    return parts
