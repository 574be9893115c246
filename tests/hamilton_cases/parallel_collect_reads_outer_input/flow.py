"""The Collect node also reads an outer input."""

from hamilton.htypes import Collect, Parallelizable


def city(cities: list) -> Parallelizable[str]:
    yield from cities


def name_len(city: str) -> int:
    return len(city)


def over_limit(name_len: Collect[int], limit: int) -> int:
    return sum(1 for n in name_len if n > limit)
