import importlib

import pandas as pd
import polars as pl
from hamilton import function_modifiers

# The runner rewrites only function_modifiers imports; the plugin sits beside them.
_ROOT = "dagrun.hamilton" if function_modifiers.__name__ == "dagrun" else "hamilton"
h_polars_lazyframe = importlib.import_module(f"{_ROOT}.plugins.h_polars_lazyframe")


def _per_signup(spend: pl.Expr, signups: pl.Expr) -> pl.Expr:
    return spend / signups


def _centered(spend: pl.Expr) -> pl.Expr:
    return spend - spend.mean()


def _doubled(_centered: pl.Expr) -> pl.Expr:
    return _centered * 2


def _from_frame(raw: pl.LazyFrame) -> pl.Expr:
    return pl.col("spend") + 1


def raw() -> pl.LazyFrame:
    return pl.DataFrame({"signups": [1, 2, 4], "spend": [10.0, 20.0, 60.0]}).lazy()


@h_polars_lazyframe.with_columns(
    _per_signup, _centered, _doubled, columns_to_pass=["spend", "signups"]
)
def enriched(raw: pl.LazyFrame) -> pl.LazyFrame:
    return raw


@h_polars_lazyframe.with_columns(_from_frame, on_input="raw", select=["_from_frame"])
def from_frame(raw: pl.LazyFrame) -> pl.LazyFrame:
    return raw


def as_pandas(enriched: pl.LazyFrame, from_frame: pl.LazyFrame) -> pd.DataFrame:
    return enriched.join(from_frame, on=["signups", "spend"]).sort("signups").collect().to_pandas()
