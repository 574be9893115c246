import pandas as pd
import pandera as pa
from hamilton.function_modifiers import check_output, extract_columns, schema
from hamilton.plugins import h_pandera, h_pydantic
from pandera.typing import DataFrame
from pydantic import BaseModel


class Point(BaseModel):
    x: int
    y: int


class People(pa.DataFrameModel):
    age: int = pa.Field(ge=0)


@schema.output(("age", "int"), ("name", "str"), target_="people_table")
@extract_columns("age")
def people_table(n: int) -> pd.DataFrame:
    return pd.DataFrame({"age": list(range(n)), "name": ["p"] * n})


@schema.output()
def empty_schema() -> pd.DataFrame:
    return pd.DataFrame()


@h_pydantic.check_output(importance="fail")
def point(n: int) -> Point:
    return Point(x=n, y=n)


@check_output(model=Point)
def point_dict(n: int) -> dict:
    return {"x": n, "y": n}


@h_pandera.check_output(importance="warn")
def people(people_table: pd.DataFrame) -> DataFrame[People]:
    return people_table
