"""A per-item node that needs the result of its own block."""

from dagrun import Collect, Parallelizable


def item(items: list[int]) -> Parallelizable[int]:
    yield from items


def share(item: int, total: int) -> float:
    return item / total


def total(item: Collect[int]) -> int:
    return sum(item)
