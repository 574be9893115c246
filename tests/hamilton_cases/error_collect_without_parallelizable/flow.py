"""A Collect parameter whose upstream is a plain node, not a Parallelizable block."""

from hamilton.htypes import Collect


def values(raw: list) -> list:
    return [v * 2 for v in raw]


def summed(values: Collect[int]) -> int:
    return sum(values)
