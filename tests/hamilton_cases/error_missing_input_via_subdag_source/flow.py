"""The subdag reads its input from source('raw_value'), which nothing provides."""

import inner
from hamilton.function_modifiers import source, subdag


@subdag(inner, inputs={"x": source("raw_value")}, namespace="d")
def result(doubled: float) -> float:
    return doubled
