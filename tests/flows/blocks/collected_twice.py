"""One block gathered by two Collect parameters in two nodes."""

from dagrun import Collect, Parallelizable


def item(items: list[int]) -> Parallelizable[int]:
    yield from items


def doubled(item: int) -> int:
    return item * 2


def total(doubled: Collect[int]) -> int:
    return sum(doubled)


def biggest(doubled: Collect[int]) -> int:
    return max(doubled)
