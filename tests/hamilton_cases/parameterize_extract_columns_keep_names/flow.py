import pandas as pd
from hamilton.function_modifiers import (
    ParameterizedExtract,
    parameterize_extract_columns,
    source,
)


@parameterize_extract_columns(
    ParameterizedExtract(("square", "cube"), {"count": source("n")}),
    reassign_columns=False,
)
def bands(count: int) -> pd.DataFrame:
    base = pd.Series(range(1, count + 1))
    return pd.DataFrame({"square": base**2, "cube": base**3})
