import numpy as np
import pandas as pd


def spend(partitions: int) -> pd.Series:
    """A dask Series, annotated as pandas as Hamilton's dask examples do."""
    import dask.dataframe as dd

    return dd.from_pandas(pd.Series([10.0, 10.0, 20.0, 40.0, 40.0, 50.0]), npartitions=partitions)


def signups() -> pd.Series:
    return pd.Series([1, 10, 50, 100, 200, 400])


def spend_per_signup(spend: pd.Series, signups: pd.Series) -> pd.Series:
    return spend / signups


def spend_mean(spend: pd.Series) -> float:
    return spend.mean()


def ratios() -> np.ndarray:
    return np.array([0.5, 1.5, 2.5, 3.5, 4.5, 5.5])


def label() -> str:
    return "hello"
