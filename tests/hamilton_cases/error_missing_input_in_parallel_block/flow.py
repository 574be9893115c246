"""A per-item node needs an external input that is not given."""

from hamilton.htypes import Collect, Parallelizable


def item(items: list) -> Parallelizable[int]:
    yield from items


def shifted(item: int, shift: int) -> int:
    return item + shift


def shifted_all(shifted: Collect[int]) -> list:
    return list(shifted)
