"""@check_output stacked above @extract_columns: validators apply to the extracted columns."""

import pandas as pd
from hamilton.function_modifiers import check_output, extract_columns


@check_output(range=(0, 100), importance="fail")
@extract_columns("age", "score")
def people(rows: list) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=["age", "score"])
