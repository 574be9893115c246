import pandas as pd
from hamilton.function_modifiers import ParameterizedExtract, parameterize_extract_columns, source


@parameterize_extract_columns(ParameterizedExtract(("a", "b"), {"nope": source("n")}))
def bands(count: int) -> pd.DataFrame:
    return pd.DataFrame({"a": [count], "b": [count]})
