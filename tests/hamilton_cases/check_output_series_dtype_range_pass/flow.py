"""check_output with data_type= and range= on a float Series, importance=fail, passing."""

import numpy as np
import pandas as pd
from hamilton.function_modifiers import check_output


@check_output(data_type=np.float64, range=(0.0, 1.0), importance="fail")
def shares(counts: pd.Series) -> pd.Series:
    return counts / counts.sum()


@check_output(data_type=np.number, range=(0, 10), importance="fail")
def small_ints(counts: pd.Series) -> pd.Series:
    return counts // 2
