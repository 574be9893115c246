import importlib

import columns
import pandas as pd
from hamilton import function_modifiers

# The runner rewrites only function_modifiers imports; the plugin sits beside them.
_ROOT = "dagrun.hamilton" if function_modifiers.__name__ == "dagrun" else "hamilton"
h_pandas = importlib.import_module(f"{_ROOT}.plugins.h_pandas")


def raw() -> pd.DataFrame:
    return pd.DataFrame({"signups": [1, 2, 4, 5], "spend": [1000.0, 2000.0, 4000.0, 5000.0]})


def boost() -> float:
    return 2.0


@h_pandas.with_columns(columns, columns_to_pass=["spend", "signups"])
def enriched(raw: pd.DataFrame) -> pd.DataFrame:
    return raw


def enriched_columns(enriched: pd.DataFrame) -> list:
    return list(enriched.columns)
