"""A function with no return annotation."""


def total(prices: list):
    return sum(prices)
