"""check_output(data_type=np.integer) on a nullable Int64 Series, importance=fail."""

import numpy as np
import pandas as pd
from hamilton.function_modifiers import check_output


@check_output(data_type=np.integer, importance="fail")
def counts_nullable(counts: pd.Series) -> pd.Series:
    return counts.astype("Int64")


def counts_sum(counts_nullable: pd.Series) -> int:
    return int(counts_nullable.sum())
