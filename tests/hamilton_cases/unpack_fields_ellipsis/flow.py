"""@unpack_fields on an open tuple[float, ...] annotation."""

from hamilton.function_modifiers import unpack_fields


@unpack_fields("x", "y", "z")
def coords(point: str) -> tuple[float, ...]:
    return tuple(float(p) for p in point.split(","))


def norm1(x: float, y: float, z: float) -> float:
    return abs(x) + abs(y) + abs(z)
