"""Helper module used only as a subdag."""


def doubled(x: float) -> float:
    return x * 2
