from plugins import h_pydantic
from pydantic import BaseModel


class Point(BaseModel):
    x: int
    y: int


@h_pydantic.check_output(importance="fail")
def point(n: int) -> Point:
    return Point.model_construct(x=str(n), y=n)


def total(point: Point) -> str:
    return f"{point.x}+{point.y}"
