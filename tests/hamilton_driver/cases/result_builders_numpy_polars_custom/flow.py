import numpy as np
import polars as pl


def n(x: int) -> int:
    return x * 10


def f(x: int) -> float:
    return x / 4


def arr(x: int) -> np.ndarray:
    return np.array([x, x * 2, x * 3])


def short(x: int) -> list:
    return [1, 2]


def ps(x: int) -> pl.Series:
    return pl.Series("ignored", [x, x + 1])


def ps2(x: int) -> pl.Series:
    return pl.Series("p2", [10, 20])


def pf(x: int) -> pl.DataFrame:
    return pl.DataFrame({"u": [1, 2]})
