import pandas as pd
from hamilton.function_modifiers import check_output


@check_output(max_nans=0.1, importance="warn")
def readings(raw: list) -> pd.Series:
    return pd.Series(raw, dtype="float64")
