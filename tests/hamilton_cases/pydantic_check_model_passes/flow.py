from plugins import h_pydantic
from pydantic import BaseModel


class Point(BaseModel):
    x: int
    y: int


@h_pydantic.check_output(importance="fail")
def point(n: int) -> Point:
    return Point(x=n, y=n + 1)


def total(point: Point) -> int:
    return point.x + point.y
