from hamilton.htypes import Collect, Parallelizable


def item(items: list) -> Parallelizable[int]:
    yield from items


def squared(item: int) -> int:
    return item * item


def total(squared: Collect[int]) -> int:
    return sum(squared)


def report(total: int) -> str:
    return f"total={total}"
