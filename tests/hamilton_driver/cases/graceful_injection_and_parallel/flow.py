from hamilton.htypes import Collect, Parallelizable
from hamilton.lifecycle.default import accept_error_sentinels


class DoNotProceed(Exception):
    pass


def ok(x: int) -> int:
    return x + 1


def bad(x: int) -> int:
    raise DoNotProceed("nope")


def skipped(bad: int, ok: int) -> int:
    return bad + ok


@accept_error_sentinels
def tolerant(bad: int, ok: int) -> str:
    return f"bad={bad!r} ok={ok!r}"


def after_tolerant(tolerant: str) -> str:
    return tolerant.upper()


def optional_bad(bad: int = 7) -> int:
    return bad * 2


def items(n: int) -> Parallelizable[int]:
    for i in range(n):
        if i == 3:
            raise DoNotProceed("no item 3")
        yield i


def per_item(items: int) -> int:
    if items == 1:
        raise DoNotProceed("item 1 fails")
    return items * 10


@accept_error_sentinels
def per_item_tolerant(per_item: int) -> str:
    return "missing" if per_item is None else str(per_item)


def gathered(per_item_tolerant: Collect[str]) -> list:
    return list(per_item_tolerant)


def raw_items(n: int) -> Parallelizable[int]:
    for i in range(n):
        if i == 3:
            raise DoNotProceed("no item 3")
        yield i


def raw_per_item(raw_items: int) -> int:
    if raw_items == 1:
        raise DoNotProceed("item 1 fails")
    return raw_items * 10


def gathered_raw(raw_per_item: Collect[int]) -> list:
    return list(raw_per_item)


def items_from_bad(bad: int) -> Parallelizable[int]:
    yield bad


def item_after_bad(items_from_bad: int) -> int:
    return items_from_bad


def gathered_after_bad(item_after_bad: Collect[int]) -> list:
    return list(item_after_bad)
