"""Column functions on polars Series."""

import polars as pl


def spend_per_signup(spend: pl.Series, signups: pl.Series) -> pl.Series:
    return spend / signups


def spend_mean(spend: pl.Series) -> float:
    return spend.mean()


def spend_centered(spend: pl.Series, spend_mean: float) -> pl.Series:
    return spend - spend_mean
