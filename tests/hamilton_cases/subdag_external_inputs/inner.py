"""Helper module used only as a subdag; 'scale' comes from outside the namespace."""


def scaled(values: list, scale: float) -> list:
    return [v * scale for v in values]


def total(scaled: list) -> float:
    return sum(scaled)
