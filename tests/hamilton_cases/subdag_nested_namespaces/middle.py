"""Middle helper module: itself uses a subdag."""

import leaf
from hamilton.function_modifiers import source, subdag


@subdag(leaf, inputs={"x": source("start")}, namespace="deep")
def deep_result(plus_one: int) -> int:
    return plus_one


def middle_result(deep_result: int) -> int:
    return deep_result * 10
