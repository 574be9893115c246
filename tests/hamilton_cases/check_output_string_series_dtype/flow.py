"""check_output(data_type=str) on a Series of strings (pandas 3 'str' dtype), importance=fail."""

import pandas as pd
from hamilton.function_modifiers import check_output


@check_output(data_type=str, importance="fail")
def names_upper(names: pd.Series) -> pd.Series:
    return names.str.upper()


@check_output(data_type=object, importance="warn")
def names_lower(names: pd.Series) -> pd.Series:
    return names.str.lower()
