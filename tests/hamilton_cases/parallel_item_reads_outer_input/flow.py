"""A per-item node also reads an external input and a node computed outside the block."""

from hamilton.htypes import Collect, Parallelizable


def factor(base_factor: int) -> int:
    return base_factor * 2


def item(items: list) -> Parallelizable[int]:
    yield from items


def scaled_item(item: int, factor: int, offset: int) -> int:
    return item * factor + offset


def all_scaled(scaled_item: Collect[int]) -> list:
    return list(scaled_item)


def total(all_scaled: list, offset: int) -> int:
    return sum(all_scaled) - offset
