from hamilton.function_modifiers import tag
from hamilton.htypes import Collect, Parallelizable


def item(items: list) -> Parallelizable[int]:
    yield from items


@tag(stage="per_item")
def doubled(item: int) -> int:
    return 2 * item


@tag(stage="gather")
def total(doubled: Collect[int]) -> int:
    return sum(doubled)
