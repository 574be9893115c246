import narwhals as nw
import pandas as pd
from hamilton.function_modifiers import tag


def frame(n: int) -> nw.DataFrame:
    return nw.from_native(pd.DataFrame({"a": list(range(n))}), eager_only=True)


@tag(cache="pickle")
def total(frame: nw.DataFrame) -> int:
    return int(frame["a"].sum())


def label(total: int) -> str:
    return f"total={total}"
