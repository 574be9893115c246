import importlib

import pandas as pd
import polars as pl
from hamilton import function_modifiers

# The runner rewrites only function_modifiers imports; the plugin sits beside them.
_ROOT = "dagrun.hamilton" if function_modifiers.__name__ == "dagrun" else "hamilton"
h_polars = importlib.import_module(f"{_ROOT}.plugins.h_polars")


def _per_signup(spend: pl.Series, signups: pl.Series) -> pl.Series:
    return spend / signups


def _spend_mean(spend: pl.Series) -> float:
    return spend.mean()


def _centered(spend: pl.Series, _spend_mean: float) -> pl.Series:
    return spend - _spend_mean


def raw() -> pl.DataFrame:
    return pl.DataFrame({"signups": [1, 2, 4], "spend": [10.0, 20.0, 60.0]})


@h_polars.with_columns(_per_signup, _spend_mean, _centered, columns_to_pass=["spend", "signups"])
def enriched(raw: pl.DataFrame) -> pl.DataFrame:
    return raw


@h_polars.with_columns(
    _spend_mean, _centered, columns_to_pass=["spend"], select=["_centered"], namespace="c"
)
def centered_only(raw: pl.DataFrame) -> pl.DataFrame:
    return raw


def as_pandas(enriched: pl.DataFrame, centered_only: pl.DataFrame) -> pd.DataFrame:
    return (
        enriched.join(centered_only, on=["signups", "spend"], suffix="_c")
        .sort("signups")
        .to_pandas()
    )
