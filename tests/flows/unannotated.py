"""A function with a parameter that has no annotation."""


def total(prices) -> float:
    return sum(prices)
