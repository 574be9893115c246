"""A diamond beside a branch that fails on request.

x ── base ──┬── left ──┬── joined ──┐
│           └── right ─┘            ├── final
└── fragile ── after_fragile ───────┘
"""


def base(x: int) -> int:
    return x + 1


def left(base: int) -> int:
    return base * 2


def right(base: int) -> int:
    return base * 3


def joined(left: int, right: int) -> int:
    return left + right


def fragile(x: int, fail: bool) -> int:
    if fail:
        raise ValueError("fragile was told to fail")
    return -x


def after_fragile(fragile: int) -> int:
    return fragile - 1


def final(joined: int, after_fragile: int) -> int:
    return joined * 100 + after_fragile
