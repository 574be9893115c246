"""A column function named like the column it would replace."""

import pandas as pd


def a(raw: pd.DataFrame) -> pd.Series:
    return raw["a"] + 1
