"""Helper module used only as a subdag."""

from hamilton.function_modifiers import config


def cleaned(raw: list) -> list:
    return [x for x in raw if x is not None]


@config.when(agg="sum")
def score__sum(cleaned: list, weight: float) -> float:
    return sum(cleaned) * weight


@config.when(agg="max")
def score__max(cleaned: list, weight: float) -> float:
    return max(cleaned) * weight
