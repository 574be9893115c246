import pandas as pd


def raw() -> pd.DataFrame:
    return pd.DataFrame({"a": [1, 2, 3]})


def doubled(raw: pd.DataFrame) -> pd.Series:
    return raw["a"] * 2


def total(doubled: pd.Series) -> int:
    return int(doubled.sum())


def summary(total: int, doubled: pd.Series) -> dict:
    return {"total": total, "n": len(doubled)}
