import steps_c
from hamilton.function_modifiers import source, subdag


@subdag(steps_c, inputs={"values": source("raw")}, namespace="clean")
def clean_total(kept_sum: int) -> int:
    return kept_sum
