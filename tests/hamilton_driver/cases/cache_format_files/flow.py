import os

import pandas as pd
from hamilton.function_modifiers import cache


def _note(name: str) -> None:
    with open(os.environ["CALLS_FILE"], "a") as handle:
        handle.write(name + "\n")


@cache(format="parquet")
def frame(n: int) -> pd.DataFrame:
    _note("frame")
    return pd.DataFrame({"x": list(range(n)), "y": [i / 2 for i in range(n)]})


@cache(format="json")
def summary(frame: pd.DataFrame) -> dict:
    _note("summary")
    return {"rows": len(frame), "names": ("x", "y")}


def rows(summary: dict) -> int:
    _note("rows")
    return summary["rows"]
