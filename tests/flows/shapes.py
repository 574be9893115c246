"""Expanders and checks together: columns, fields, tuple positions, checked values."""

from typing import TypedDict

import pandas as pd

from dagrun import check_output, extract_columns, extract_fields, tag, unpack_fields


class Stats(TypedDict):
    low: int
    high: int


@tag(owner="data")
@check_output(range=(0.0, 10.0), importance="fail")
@extract_columns("width", "height", "depth", fill_with=0.0)
def boxes(raw_boxes: list) -> pd.DataFrame:
    return pd.DataFrame(raw_boxes, columns=["width", "height"])


@extract_fields()
def stats(numbers: list) -> Stats:
    return {"low": min(numbers), "high": max(numbers)}


@unpack_fields("head", "rest")
def split(numbers: list) -> tuple[int, list]:
    return numbers[0], numbers[1:]


def span(high: int, low: int) -> int:
    return high - low
