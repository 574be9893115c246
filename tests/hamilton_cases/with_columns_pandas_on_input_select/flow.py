import importlib

import pandas as pd
from hamilton import function_modifiers

# The runner rewrites only function_modifiers imports; the plugin sits beside them.
_ROOT = "dagrun.hamilton" if function_modifiers.__name__ == "dagrun" else "hamilton"
h_pandas = importlib.import_module(f"{_ROOT}.plugins.h_pandas")


def _spend(frame: pd.DataFrame) -> pd.Series:
    return frame["spend"] * 10


def _signups(frame: pd.DataFrame) -> pd.Series:
    return frame["signups"] + 1


def _ratio(_spend: pd.Series, _signups: pd.Series) -> pd.Series:
    return _spend / _signups


def _unused(_spend: pd.Series) -> pd.Series:
    return _spend * 0


def frame() -> pd.DataFrame:
    return pd.DataFrame({"signups": [1, 3], "spend": [10.0, 30.0]})


@h_pandas.with_columns(
    _spend,
    _signups,
    _ratio,
    _unused,
    on_input="frame",
    select=["_ratio", "_spend"],
    namespace="calc",
    config_required=["unit"],
)
def scaled(factor: float, frame: pd.DataFrame) -> pd.DataFrame:
    return frame * factor
