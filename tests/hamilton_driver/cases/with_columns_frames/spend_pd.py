"""Column functions on pandas Series, with a config variant and a scalar in between."""

import pandas as pd
from hamilton.function_modifiers import config


@config.when(case="millions")
def avg_spend__millions(spend: pd.Series) -> pd.Series:
    return spend.rolling(2).mean() / 1e6


@config.when(case="thousands")
def avg_spend__thousands(spend: pd.Series) -> pd.Series:
    return spend.rolling(2).mean() / 1e3


def spend_per_signup(spend: pd.Series, signups: pd.Series) -> pd.Series:
    return spend / signups


def spend_mean(spend: pd.Series) -> float:
    return spend.mean()


def spend_centered(spend: pd.Series, spend_mean: float) -> pd.Series:
    return spend - spend_mean


def boosted(spend_centered: pd.Series, boost: int) -> pd.Series:
    return spend_centered * boost
