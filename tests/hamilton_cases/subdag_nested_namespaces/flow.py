"""A subdag whose module contains another subdag: namespaces nest."""

import middle
from hamilton.function_modifiers import source, subdag


@subdag(middle, inputs={"start": source("seed")}, namespace="outer")
def final(middle_result: int) -> int:
    return middle_result


def final_plus(final: int, seed: int) -> int:
    return final + seed
