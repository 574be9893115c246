"""A Parallelizable whose items nothing collects."""

from dagrun import Parallelizable


def item(items: list[int]) -> Parallelizable[int]:
    yield from items


def doubled(item: int) -> int:
    return item * 2
