"""Decorated functions under postponed annotations (every annotation is a string)."""

from __future__ import annotations

from typing import TypedDict

import pandas as pd

from dagrun import check_output, extract_columns, extract_fields, parameterize, unpack_fields, value


class Span(TypedDict):
    start: int
    end: int


@check_output(range=(0, 10), importance="fail")
@extract_columns("a")
def table(n: int) -> pd.DataFrame:
    return pd.DataFrame({"a": [n]})


@extract_fields()
def span(n: int) -> Span:
    return {"start": 0, "end": n}


@unpack_fields("left", "right")
def halves(n: int) -> tuple[int, int]:
    return n // 2, n - n // 2


@parameterize(n_plus_one={"k": value(1)})
def n_plus(n: int, k: int) -> int:
    return n + k
