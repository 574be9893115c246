"""A fan-out: each number squared and shifted on its own, then collected in order."""

from dagrun import Collect, Parallelizable


def number(numbers: list[int]) -> Parallelizable[int]:
    yield from numbers


def shifted_square(number: int, shift: int) -> int:
    if number < 0:
        raise ValueError(f"item {number} is negative")
    return number * number + shift


def label(shifted_square: int) -> str:
    return f"#{shifted_square}"


def labels(label: Collect[str]) -> list[str]:
    return list(label)


def report(labels: list[str], shift: int) -> str:
    return f"{len(labels)} labels, shift {shift}: {' '.join(labels)}"
