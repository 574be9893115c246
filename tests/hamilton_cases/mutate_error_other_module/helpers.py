"""A node function the flow imports, to mutate from another module."""


def total(count: int) -> int:
    return count
