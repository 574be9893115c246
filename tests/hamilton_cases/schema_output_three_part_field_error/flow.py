import pandas as pd
from hamilton.function_modifiers import schema


@schema.output(("a", "int", "nullable"))
def table() -> pd.DataFrame:
    return pd.DataFrame({"a": [1]})
