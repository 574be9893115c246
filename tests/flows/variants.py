"""config variants of one node, with a @config.default fallback, and a tagged extract."""

import pandas as pd

from dagrun import config, extract_columns, tag


@config.when(shipping="express")
def delivery_days__express() -> int:
    return 1


@config.when_in(shipping=["ground", "freight"])
def delivery_days__slow(distance_km: int) -> int:
    return 2 + distance_km // 500


@config.default
def delivery_days__fallback() -> int:
    return 7


@tag(source="warehouse")
@extract_columns("units", "price")
@config.when(region="eu")
def orders__eu(eu_rows: list) -> pd.DataFrame:
    return pd.DataFrame(eu_rows, columns=["units", "price"])


@tag(source="shop")
@extract_columns("units", "price")
@config.when_not(region="eu")
def orders__rest(rows: list) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=["units", "price"])


def revenue(units: pd.Series, price: pd.Series) -> float:
    return float((units * price).sum())
