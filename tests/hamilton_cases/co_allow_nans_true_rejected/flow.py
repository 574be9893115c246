import pandas as pd
from hamilton.function_modifiers import check_output


@check_output(allow_nans=True, importance="warn")
def readings(raw: list) -> pd.Series:
    return pd.Series(raw, dtype="float64")
