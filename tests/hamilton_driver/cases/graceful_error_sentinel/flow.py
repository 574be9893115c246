class DoNotProceed(Exception):
    pass


def ok(x: int) -> int:
    return x + 1


def bad(x: int) -> int:
    raise DoNotProceed("nope")


def after_bad(bad: int) -> int:
    return bad + 1


def after_both(ok: int, after_bad: int) -> int:
    return ok + after_bad


def boom(x: int) -> int:
    raise ZeroDivisionError("boom")
