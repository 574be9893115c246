"""Two variants of one frame extracting different columns, picked by when_in / when_not_in."""

import pandas as pd
from hamilton.function_modifiers import config, extract_columns


@extract_columns("clicks", "views")
@config.when_not_in(source_kind=["api", "stream"])
def traffic__file(rows: list) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=["clicks", "views"])


@extract_columns("clicks", "views", "latency_ms")
@config.when_in(source_kind=["api", "stream"])
def traffic__api(rows: list) -> pd.DataFrame:
    df = pd.DataFrame(rows, columns=["clicks", "views"])
    df["latency_ms"] = 12.5
    return df


def ctr(clicks: pd.Series, views: pd.Series) -> pd.Series:
    return clicks / views
