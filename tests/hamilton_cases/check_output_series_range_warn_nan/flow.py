"""check_output range= warn on a Series with an out-of-range value and a NaN: value flows."""

import pandas as pd
from hamilton.function_modifiers import check_output


@check_output(range=(0.0, 5.0), importance="warn")
def temps(raw: pd.Series) -> pd.Series:
    return raw - 1.0
