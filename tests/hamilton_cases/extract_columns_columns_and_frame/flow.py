"""extract_columns with a column list; columns and the whole frame requested together."""

import pandas as pd
from hamilton.function_modifiers import extract_columns

COLUMNS = ["height_cm", "weight_kg"]


@extract_columns(*COLUMNS)
def body(raw_rows: list) -> pd.DataFrame:
    df = pd.DataFrame(raw_rows, columns=["height_cm", "weight_kg", "note"])
    return df


def bmi(height_cm: pd.Series, weight_kg: pd.Series) -> pd.Series:
    return weight_kg / (height_cm / 100.0) ** 2
