import pandas as pd
from hamilton.function_modifiers import extract_columns, schema


@schema.output(("a", "int"), ("b", "str"), target_="frame")
@extract_columns("a", "b")
def frame() -> pd.DataFrame:
    return pd.DataFrame({"a": [1, 2], "b": ["x", "y"]})
