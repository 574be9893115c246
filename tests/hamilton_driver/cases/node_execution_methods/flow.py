from hamilton.htypes import Collect, Parallelizable


def a(x: int) -> int:
    return x + 1


def b(a: int, y: int = 2) -> int:
    return a * y


def words(n: int) -> list[str]:
    return ["w"] * n


def pair(a: int) -> tuple[int, str]:
    return a, str(a)


def bad_pair(a: int) -> tuple[int, int]:
    return a, str(a)


def as_float(a: int) -> float:
    return a


def table(words: list[str]) -> dict[str, int]:
    return {w: len(w) for w in words}


def wrong_table(words: list[str]) -> dict[str, str]:
    return {w: len(w) for w in words}


def takes_float(ratio: float) -> float:
    return ratio * 2


def maybe(a: int) -> int | None:
    return None if a > 100 else a


def fan(n: int) -> Parallelizable[int]:
    yield from range(n)


def each(fan: int) -> int:
    return fan + 1


def total(each: Collect[int]) -> int:
    return sum(each)


def halved(as_float: float) -> float:
    return as_float / 2
