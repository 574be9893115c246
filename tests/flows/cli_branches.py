"""Two independent branches from one input; ``broken`` divides by zero.

n ── half ── report
└─── broken ── after_broken
"""


def half(n: int) -> float:
    """Half of n."""
    return n / 2


def report(half: float) -> dict:
    """A summary that survives the broken branch."""
    return {"half": half}


def broken(n: int) -> int:
    """Always fails."""
    return n // 0


def after_broken(broken: int) -> int:
    """Never runs: its input failed."""
    return broken + 1
