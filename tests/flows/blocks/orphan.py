"""A Collect parameter fed by an ordinary node."""

from dagrun import Collect


def numbers(count: int) -> int:
    return count


def total(numbers: Collect[int]) -> int:
    return numbers
