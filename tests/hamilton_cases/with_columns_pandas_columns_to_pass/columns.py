"""Column functions: a config variant, a scalar in between, a node read from outside."""

import pandas as pd
from hamilton.function_modifiers import config


@config.when(unit="k")
def spend_scaled__k(spend: pd.Series) -> pd.Series:
    return spend / 1e3


@config.when(unit="m")
def spend_scaled__m(spend: pd.Series) -> pd.Series:
    return spend / 1e6


def spend_mean(spend: pd.Series) -> float:
    return float(spend.mean())


def spend_centered(spend: pd.Series, spend_mean: float) -> pd.Series:
    return spend - spend_mean


def per_signup(spend: pd.Series, signups: pd.Series) -> pd.Series:
    return spend / signups


def boosted(spend_centered: pd.Series, boost: float) -> pd.Series:
    return spend_centered * boost
