import pandas as pd
from hamilton.function_modifiers import schema


@schema.output(("a", "int"))
@schema.output(("b", "int"))
def table() -> pd.DataFrame:
    return pd.DataFrame({"a": [1], "b": [2]})
