from hamilton.function_modifiers import check_output
from pydantic import BaseModel


class Point(BaseModel):
    x: int
    y: int


@check_output(model=Point)
def count() -> int:
    return 1
