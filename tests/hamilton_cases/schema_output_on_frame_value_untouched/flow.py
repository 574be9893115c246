import pandas as pd
from hamilton.function_modifiers import schema, tag


@tag(owner="data")
@schema.output(("a", "int"), ("b", "float"))
def table(n: int) -> pd.DataFrame:
    return pd.DataFrame({"a": list(range(n)), "b": [0.5] * n})


def width(table: pd.DataFrame) -> int:
    return len(table.columns)
