import pandas as pd
from hamilton.function_modifiers import check_output


@check_output(range=(0.0, 10.0), mean_in_range=(0.0, 1.0), importance="fail")
def readings(raw: list) -> pd.Series:
    return pd.Series(raw, dtype="float64")
