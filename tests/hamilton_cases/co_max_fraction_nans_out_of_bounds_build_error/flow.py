import pandas as pd
from hamilton.function_modifiers import check_output


@check_output(max_fraction_nans=1.5, importance="fail")
def readings(raw: list) -> pd.Series:
    return pd.Series(raw, dtype="float64")
