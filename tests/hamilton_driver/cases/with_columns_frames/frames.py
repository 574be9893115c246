"""DataFrames with columns added by with_columns, in each of its forms."""

import pandas as pd
import polars as pl
import spend_lazy
import spend_pd
import spend_pl
from hamilton.plugins import h_pandas, h_polars, h_polars_lazyframe

DATA = {"signups": [1, 2, 4, 5], "spend": [10.0, 20.0, 40.0, 50.0]}


def raw_pd() -> pd.DataFrame:
    return pd.DataFrame(DATA)


def raw_pl() -> pl.DataFrame:
    return pl.DataFrame(DATA)


def raw_lazy() -> pl.LazyFrame:
    return pl.DataFrame(DATA).lazy()


@h_pandas.with_columns(spend_pd, columns_to_pass=["spend", "signups"])
def all_series(raw_pd: pd.DataFrame) -> pd.DataFrame:
    return raw_pd


@h_pandas.with_columns(
    spend_pd,
    columns_to_pass=["spend", "signups"],
    select=["boosted", "spend_per_signup"],
    namespace="picked",
)
def selected(raw_pd: pd.DataFrame, boost: int) -> pd.DataFrame:
    return raw_pd.assign(boost=boost)


def _spend(raw_pd: pd.DataFrame) -> pd.Series:
    return raw_pd["spend"] * 100


def _signups(raw_pd: pd.DataFrame) -> pd.Series:
    return raw_pd["signups"] + 1


def _ratio(_spend: pd.Series, _signups: pd.Series) -> pd.Series:
    return _spend / _signups


@h_pandas.with_columns(
    _spend,
    _signups,
    _ratio,
    on_input="raw_pd",
    select=["_spend", "_ratio"],
    config_required=["case"],
)
def in_place(scale: float, raw_pd: pd.DataFrame) -> pd.DataFrame:
    return raw_pd * scale


@h_polars.with_columns(spend_pl, columns_to_pass=["spend", "signups"])
def polars_all(raw_pl: pl.DataFrame) -> pl.DataFrame:
    return raw_pl


@h_polars.with_columns(
    spend_pl, columns_to_pass=["spend", "signups"], select=["spend_centered"], namespace="p"
)
def polars_selected(raw_pl: pl.DataFrame) -> pl.DataFrame:
    return raw_pl


@h_polars_lazyframe.with_columns(spend_lazy, columns_to_pass=["spend", "signups"])
def lazy_all(raw_lazy: pl.LazyFrame) -> pl.LazyFrame:
    return raw_lazy


def _spend_from_frame(raw_lazy: pl.LazyFrame) -> pl.Expr:
    return pl.col("spend") + 1


@h_polars_lazyframe.with_columns(
    _spend_from_frame, on_input="raw_lazy", select=["_spend_from_frame"]
)
def lazy_on_input(raw_lazy: pl.LazyFrame) -> pl.LazyFrame:
    return raw_lazy


def collected(lazy_all: pl.LazyFrame, lazy_on_input: pl.LazyFrame) -> pl.DataFrame:
    return pl.concat([lazy_all.collect(), lazy_on_input.collect()], how="diagonal")
