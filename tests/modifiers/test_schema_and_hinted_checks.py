"""schema.output's tag, and checks read off the return annotation (h_pydantic, h_pandera)."""

import subprocess
import sys
import warnings

import pandas as pd
import pandera
import pandera.pandas as pa
import pytest
from pandera.typing import DataFrame
from pydantic import BaseModel

from dagrun import DataValidationError, GraphError, check_output, schema
from dagrun.hamilton.plugins import h_pandera, h_pydantic
from tests.modifiers.helpers import build, line_of
from tests.modifiers.test_checks import run


class Point(BaseModel):
    x: int
    y: int


class People(pa.DataFrameModel):  # pandera.pandas' model: Hamilton refuses it, dagrun reads it
    age: int = pa.Field(ge=0)


with warnings.catch_warnings():  # pandera warns on its top-level names, which Hamilton reads
    warnings.simplefilter("ignore", FutureWarning)

    class OldPeople(pandera.DataFrameModel):
        age: int = pandera.Field(ge=0)


def test_schema_output_puts_hamiltons_tag_on_the_frame_only():
    @schema.output(("a", "int"), ("b", "float"))
    def table() -> pd.DataFrame:
        return pd.DataFrame({"a": [1], "b": [2.0]})

    def width(table: pd.DataFrame) -> int:
        return len(table.columns)

    nodes = build(table, width)
    assert nodes["table"].tags["hamilton.internal.schema_output"] == "a=int,b=float"
    assert "hamilton.internal.schema_output" not in nodes["width"].tags


@pytest.mark.parametrize(
    ("fields", "says"),
    [
        ((("a", "int", "x"),), "is not a (name, type) pair"),
        (("ab",), "is not a (name, type) pair"),  # Hamilton reads this as a=b
        (((1, "int"),), "is not a (name, type) pair"),
    ],
)
def test_a_bad_field_is_a_graph_error_at_the_function(fields, says):
    @schema.output(*fields)
    def table() -> pd.DataFrame:
        return pd.DataFrame()

    with pytest.raises(GraphError, match=r"\(name, type\) pair") as caught:
        build(table)
    assert says in str(caught.value)
    assert line_of(table) in str(caught.value)
    assert "('age', 'int')" in str(caught.value)


def test_schema_output_on_a_non_frame_names_the_node_and_the_fix():
    @schema.output(("n", "int"))
    def count() -> int:
        return 1

    with pytest.raises(GraphError) as caught:
        build(count)
    text = str(caught.value)
    assert "'count' returns int" in text
    assert line_of(count) in text
    assert "target_=" in text


def test_two_schema_outputs_are_refused():
    @schema.output(("a", "int"))
    @schema.output(("b", "int"))
    def table() -> pd.DataFrame:
        return pd.DataFrame()

    with pytest.raises(GraphError, match=r"more than one @schema\.output"):
        build(table)


def test_h_pydantic_needs_a_model_annotation():
    @h_pydantic.check_output()
    def point() -> dict:
        return {}

    with pytest.raises(GraphError) as caught:
        build(point)
    text = str(caught.value)
    assert "'point'" in text and "returns dict" in text
    assert line_of(point) in text
    assert "check_output(model=YourModel)" in text


def test_a_pydantic_failure_names_the_field_node_and_line():
    @h_pydantic.check_output(importance="fail")
    def point(n: int) -> Point:
        return Point.model_validate({"x": n, "y": n})

    @check_output(model=Point, importance="fail")
    def point_dict(n: int) -> dict:
        return {"x": n, "y": "1"}  # strict: a str is no int, even one pydantic could coerce

    assert run(point, outputs=["point"], inputs={"n": 1})["point"] == Point(x=1, y=1)
    with pytest.raises(DataValidationError) as caught:
        run(point_dict, outputs=["point_dict"], inputs={"n": 1})
    text = str(caught.value)
    assert "node 'point_dict'" in text and "pydantic_validator" in text
    assert "the first at y: Input should be a valid integer" in text
    assert line_of(point_dict) in text


def test_h_pandera_needs_a_dataframe_of_model_annotation():
    @h_pandera.check_output()
    def people() -> pd.DataFrame:
        return pd.DataFrame()

    with pytest.raises(GraphError) as caught:
        build(people)
    text = str(caught.value)
    assert "'people'" in text and line_of(people) in text
    assert "pandera.typing.DataFrame[YourModel]" in text


@pytest.mark.parametrize("model", [People, OldPeople])
def test_h_pandera_reads_both_pandera_model_bases(model):
    @h_pandera.check_output(importance="fail")
    def people(ages: list) -> DataFrame[model]:
        return pd.DataFrame({"age": ages})

    assert set(build(people)) >= {"people", "people_raw", "people_pandera_schema_validator"}
    assert run(people, outputs=["people"], inputs={"ages": [1]})["people"]["age"].tolist() == [1]
    with pytest.raises(DataValidationError, match=r"Column 'age' failed .*greater_than"):
        run(people, outputs=["people"], inputs={"ages": [-1]})


def test_an_unknown_importance_is_refused():
    @h_pydantic.check_output(importance="loud")
    def point() -> Point:
        return Point(x=1, y=1)

    with pytest.raises(GraphError, match=r"h_pydantic.check_output\(importance='loud'\)"):
        build(point)


def test_the_plugins_import_neither_pydantic_nor_pandera():
    code = (
        "import sys\n"
        "from dagrun.hamilton.plugins import h_pandera, h_pydantic\n"
        "import dagrun\n"
        "dagrun.schema, dagrun.check_output\n"
        "print(sorted({'pydantic', 'pandera'} & set(sys.modules)))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.stdout.strip() == "[]", done.stderr
