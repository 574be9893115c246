"""A Parallelizable that nothing collects: a block that cannot run."""

from dagrun import Parallelizable


def items(n: int) -> Parallelizable[int]:
    """The numbers below n, one by one."""
    yield from range(n)


def squared(items: int) -> int:
    """One item squared, with nowhere to go."""
    return items * items
