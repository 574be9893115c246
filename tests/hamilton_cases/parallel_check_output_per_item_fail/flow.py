from hamilton.function_modifiers import check_output
from hamilton.htypes import Collect, Parallelizable


def item(items: list) -> Parallelizable[int]:
    yield from items


@check_output(range=(0, 5), importance="fail")
def doubled(item: int) -> int:
    return 2 * item


def total(doubled: Collect[int]) -> int:
    return sum(doubled)
