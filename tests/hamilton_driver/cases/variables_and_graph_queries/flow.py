import pandas as pd
from hamilton.function_modifiers import tag


def a(x: int) -> int:
    """A doc."""
    return x + 1


@tag(owner="me", stage=["prep", "core"])
def b(a: int, y: int = 2) -> int:
    return a * y


@tag(owner="you")
def s(a: int) -> pd.Series:
    return pd.Series([a, a + 1])


def t(s: pd.Series, b: int) -> pd.Series:
    return s * b


def lonely(z: float) -> float:
    return z
