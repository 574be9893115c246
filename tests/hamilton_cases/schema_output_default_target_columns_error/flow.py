import pandas as pd
from hamilton.function_modifiers import extract_columns, schema


@schema.output(("a", "int"))
@extract_columns("a")
def frame() -> pd.DataFrame:
    return pd.DataFrame({"a": [1, 2]})
