from hamilton.function_modifiers import config
from hamilton.htypes import Collect, Parallelizable


def item(items: list) -> Parallelizable[int]:
    yield from items


@config.when(op="square")
def mapped__sq(item: int) -> int:
    return item * item


@config.when(op="neg")
def mapped__neg(item: int) -> int:
    return -item


def total(mapped: Collect[int]) -> int:
    return sum(mapped)
