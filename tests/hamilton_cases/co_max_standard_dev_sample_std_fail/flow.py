import pandas as pd
from hamilton.function_modifiers import check_output


@check_output(max_standard_dev=1.2, importance="fail")
def readings(raw: list) -> pd.Series:
    return pd.Series(raw, dtype="float64")
