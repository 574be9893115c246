"""subdag with external_inputs: 'scale' is an outer node, not namespaced."""

import inner
from hamilton.function_modifiers import source, subdag


def scale(unit: str) -> float:
    return 100.0 if unit == "cents" else 1.0


@subdag(inner, inputs={"values": source("amounts")}, external_inputs=["scale"], namespace="conv")
def converted_total(total: float) -> float:
    return total


def report(converted_total: float, scale: float) -> str:
    return f"{converted_total:.1f} at x{scale:g}"
