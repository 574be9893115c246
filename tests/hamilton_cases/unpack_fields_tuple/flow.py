"""@unpack_fields: each tuple position becomes a node; the tuple node stays."""

from hamilton.function_modifiers import unpack_fields


@unpack_fields("low", "high", "tag")
def bounds(values: list) -> tuple[int, int, str]:
    return min(values), max(values), f"n{len(values)}"


def width(low: int, high: int) -> int:
    return high - low
