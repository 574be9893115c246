"""check_output(data_type=np.int64, importance=fail) on a float Series raises."""

import numpy as np
import pandas as pd
from hamilton.function_modifiers import check_output


@check_output(data_type=np.int64, importance="fail")
def halves(counts: pd.Series) -> pd.Series:
    return counts / 2
