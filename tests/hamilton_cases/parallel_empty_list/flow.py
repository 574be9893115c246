"""Parallelizable over an empty list."""

from hamilton.htypes import Collect, Parallelizable


def number(numbers: list) -> Parallelizable[int]:
    yield from numbers


def doubled(number: int) -> int:
    return number * 2


def collected(doubled: Collect[int]) -> list:
    return list(doubled)


def count(collected: list) -> int:
    return len(collected)
