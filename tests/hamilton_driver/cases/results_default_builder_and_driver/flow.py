import pandas as pd


def count(x: int) -> int:
    return x * 10


def ratio(x: int) -> float:
    return x / 4


def word(x: int) -> str:
    return "hi"


def indexed(x: int) -> pd.Series:
    return pd.Series([x, x + 1, x + 2], index=[10, 11, 12])


def other_index(x: int) -> pd.Series:
    return pd.Series([1.5, 2.5], index=[11, 13])


def frame(x: int) -> pd.DataFrame:
    return pd.DataFrame({"p": [1, 2, 3], "q": [4, 5, 6]}, index=[10, 11, 12])


def listed(x: int) -> list:
    return [7, 8, 9]


def mapping(x: int) -> dict:
    return {"k": x}
