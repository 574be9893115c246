from hamilton.htypes import Collect, Parallelizable


def numbers(n: int) -> Parallelizable[int]:
    yield from range(n)


def squared(numbers: int) -> int:
    return numbers * numbers


def total(squared: Collect[int]) -> int:
    return sum(squared)


def plain(n: int) -> int:
    return n + 1
