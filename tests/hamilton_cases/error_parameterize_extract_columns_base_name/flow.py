import pandas as pd
from hamilton.function_modifiers import ParameterizedExtract, parameterize_extract_columns, source


@parameterize_extract_columns(ParameterizedExtract(("a", "b"), {"count": source("n")}))
def bands(count: int) -> pd.DataFrame:
    return pd.DataFrame({"x": [count], "y": [count * 2]})
