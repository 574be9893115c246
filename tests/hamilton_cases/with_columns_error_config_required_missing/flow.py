import importlib

import pandas as pd
from hamilton import function_modifiers

# The runner rewrites only function_modifiers imports; the plugin sits beside them.
_ROOT = "dagrun.hamilton" if function_modifiers.__name__ == "dagrun" else "hamilton"
h_pandas = importlib.import_module(f"{_ROOT}.plugins.h_pandas")


def doubled(a: pd.Series) -> pd.Series:
    return a * 2


def raw() -> pd.DataFrame:
    return pd.DataFrame({"a": [1, 2]})


@h_pandas.with_columns(doubled, columns_to_pass=["a"], config_required=["mode"])
def out(raw: pd.DataFrame) -> pd.DataFrame:
    return raw
