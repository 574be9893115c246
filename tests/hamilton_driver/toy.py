"""A small flow for the unit tests, written against dagrun.hamilton."""

import pandas as pd

from dagrun.hamilton.function_modifiers import extract_columns, tag


def a(x: int) -> int:
    """One more than x."""
    return x + 1


@tag(owner="me")
def b(a: int, y: int = 2) -> int:
    return a * y


def c(b: int) -> int:
    return b - 1


@extract_columns("left", "right")
def table(a: int) -> pd.DataFrame:
    return pd.DataFrame({"left": [a], "right": [a * 2]})


def fails(a: int) -> int:
    raise ZeroDivisionError(f"fails at {a}")
