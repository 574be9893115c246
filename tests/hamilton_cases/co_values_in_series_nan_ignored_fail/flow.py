import pandas as pd
from hamilton.function_modifiers import check_output


@check_output(values_in=["a", "b"], importance="fail")
def grade(raw: list) -> pd.Series:
    return pd.Series(raw, dtype="object")


def n_grades(grade: pd.Series) -> int:
    return int(grade.notna().sum())
