"""A small flow reused as a subdag: drops negatives, then summarises."""

from dagrun import config


def kept(raw: list) -> list:
    return [v for v in raw if v >= 0]


def kept_count(kept: list) -> int:
    return len(kept)


@config.when(summary="mean")
def summary__mean(kept: list) -> float:
    return sum(kept) / len(kept)


@config.when(summary="max")
def summary__max(kept: list) -> float:
    return float(max(kept))


def scaled_summary(summary: float, factor: float) -> float:
    return summary * factor
