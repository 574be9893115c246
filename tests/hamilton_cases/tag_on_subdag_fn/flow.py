import steps_t
from hamilton.function_modifiers import source, subdag, tag


@tag(owner="sub")
@subdag(steps_t, inputs={"values": source("raw")}, namespace="ns")
def ns_total(kept_sum: int) -> int:
    return kept_sum
