import pandas as pd
from hamilton.function_modifiers import (
    check_output,
    config,
    extract_columns,
    parameterize,
    source,
    tag,
    value,
)


@extract_columns("left", "right")
def table(rows: int) -> pd.DataFrame:
    return pd.DataFrame({"left": range(rows), "right": range(rows, 2 * rows)})


@parameterize(
    scaled_left={"column": source("left"), "factor": value(10)},
    scaled_right={"column": source("right"), "factor": value(100)},
)
def scaled(column: pd.Series, factor: int) -> pd.Series:
    return column * factor


@config.when(mode="sum")
def combined__sum(scaled_left: pd.Series, scaled_right: pd.Series) -> pd.Series:
    return scaled_left + scaled_right


@config.when(mode="diff")
def combined__diff(scaled_left: pd.Series, scaled_right: pd.Series) -> pd.Series:
    return scaled_right - scaled_left


@tag(kind="scalar")
@check_output(range=(0, 1000), importance="warn")
def biggest(combined: pd.Series) -> int:
    return int(combined.max())
