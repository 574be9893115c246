"""A flow whose middle node raises."""


def numerator(x: int) -> int:
    return x * 10


def ratio(numerator: int, denominator: int) -> float:
    return numerator / denominator


def independent(x: int) -> int:
    return x + 1
