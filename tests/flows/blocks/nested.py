"""A Parallelizable inside another one's block."""

from dagrun import Collect, Parallelizable


def row(rows: list[list[int]]) -> Parallelizable[list[int]]:
    yield from rows


def cell(row: list[int]) -> Parallelizable[int]:
    yield from row


def total(cell: Collect[int]) -> int:
    return sum(cell)
