import pandas as pd
import pandera as pa
from pandera.typing.pandas import DataFrame
from plugins import h_pandera


class People(pa.DataFrameModel):
    age: int = pa.Field(ge=0)


@h_pandera.check_output()
def people(n: int) -> DataFrame[People]:
    return pd.DataFrame({"age": [n, 1]})


def youngest(people: pd.DataFrame) -> int:
    return int(people["age"].min())
