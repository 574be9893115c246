import pandas as pd
from hamilton.function_modifiers import extract_columns


@extract_columns(["a", "b"])
def table(rows: list) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=["a", "b"])
