"""Column functions the wrongly used with_columns decorators load."""

import pandas as pd


def doubled(a: pd.Series) -> pd.Series:
    return a * 2


def a_mean(a: pd.Series) -> float:
    return a.mean()


def a(raw: pd.DataFrame) -> pd.Series:
    return raw["a"]
