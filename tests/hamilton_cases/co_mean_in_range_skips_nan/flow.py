import pandas as pd
from hamilton.function_modifiers import check_output


@check_output(mean_in_range=(1.9, 2.1), importance="fail")
def readings(raw: list) -> pd.Series:
    return pd.Series(raw, dtype="float64")


def total(readings: pd.Series) -> float:
    return float(readings.sum())
