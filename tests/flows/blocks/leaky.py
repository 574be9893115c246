"""A collector that also reads a per-item value directly."""

from dagrun import Collect, Parallelizable


def item(items: list[int]) -> Parallelizable[int]:
    yield from items


def doubled(item: int) -> int:
    return item * 2


def total(doubled: Collect[int], item: int) -> int:
    return sum(doubled) + item
