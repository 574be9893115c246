import numpy as np
import pandas as pd
import pandera as pa
from hamilton.function_modifiers import check_output

positive = pa.SeriesSchema(float, checks=[pa.Check.ge(0.0)], nullable=False)


def ages(n: int) -> pd.Series:
    """A dask Series made inside the node, as a dask loader would."""
    import dask.dataframe as dd

    return dd.from_pandas(pd.Series(np.arange(n, dtype=float), name="age"), npartitions=3)


@check_output(range=(0.0, 60.0), data_type=np.float64, importance="fail")
def mean_age(ages: pd.Series) -> np.float64:
    return ages.mean()


@check_output(schema=positive, importance="fail")
def shifted(ages: pd.Series, mean_age: np.float64) -> pd.Series:
    return ages - mean_age + 100.0


def kind_of_mean(mean_age: np.float64) -> str:
    return type(mean_age).__name__
