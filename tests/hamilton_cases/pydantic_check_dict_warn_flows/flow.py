from hamilton.function_modifiers import check_output
from pydantic import BaseModel


class Point(BaseModel):
    x: int
    y: int


@check_output(model=Point, importance="warn")
def raw_point(n: int) -> dict:
    return {"x": n, "y": str(n)}
