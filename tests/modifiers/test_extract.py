"""extract_columns, extract_fields and unpack_fields: a node per part."""

from typing import TypedDict

import pandas as pd
import pytest

import dagrun
from dagrun import GraphError, NodeError, extract_columns, extract_fields, unpack_fields
from tests.flows import shapes
from tests.modifiers.helpers import build, line_of


class Point(TypedDict):
    x: int
    y: float


def test_columns_are_series_nodes_and_the_frame_stays():
    """Each column is a Series node typed pd.Series; the DataFrame node remains."""

    @extract_columns("a", "b")
    def frame(rows: list) -> pd.DataFrame:
        return pd.DataFrame(rows, columns=["a", "b"])

    nodes = build(frame)
    assert nodes["a"].return_type is pd.Series
    assert nodes["a"].dep_names == ("frame",)
    column = nodes["b"].callable(pd.DataFrame([[1, 2]], columns=["a", "b"]))
    assert column.tolist() == [2] and column.name == "b"


def test_fill_with_stands_in_for_a_missing_column():
    """depth is absent from the frame and comes back filled with 0.0."""
    result = dagrun.Driver({}, shapes).execute(["depth"], inputs={"raw_boxes": [[1.0, 2.0]] * 3})
    assert result["depth"].tolist() == [0.0, 0.0, 0.0]
    assert result["depth"].name == "depth"


def test_a_missing_column_without_fill_with_fails_the_column_node():
    """Asking for an absent column raises NodeError on that column with a suggestion."""

    @extract_columns("widht")
    def frame(rows: list) -> pd.DataFrame:
        return pd.DataFrame(rows, columns=["width"])

    node = build(frame)["widht"]
    with pytest.raises(KeyError, match="did you mean 'width'"):
        node.callable(pd.DataFrame([[1]], columns=["width"]))
    assert issubclass(NodeError, dagrun.DagrunError)


def test_extract_columns_without_a_dataframe_annotation_is_a_graph_error():
    """Columns need a DataFrame return annotation to be typed."""

    @extract_columns("a")
    def frame(rows: list) -> list:
        return rows

    with pytest.raises(GraphError) as caught:
        build(frame)
    assert "needs a DataFrame return annotation" in str(caught.value)
    assert line_of(frame) in str(caught.value)


def test_extract_columns_without_columns_is_a_graph_error():
    """@extract_columns() names nothing to extract."""

    @extract_columns()
    def frame(rows: list) -> pd.DataFrame:
        return pd.DataFrame(rows)

    with pytest.raises(GraphError, match="names no columns"):
        build(frame)


def test_extract_fields_takes_types_from_a_mapping():
    """Each field node has the type given for it."""

    @extract_fields({"mean": float, "n": int})
    def stats(xs: list) -> dict:
        return {"mean": sum(xs) / len(xs), "n": len(xs)}

    nodes = build(stats)
    assert nodes["mean"].return_type is float and nodes["n"].return_type is int
    assert nodes["n"].callable({"mean": 1.0, "n": 4}) == 4


def test_extract_fields_reads_a_typed_dict():
    """With no fields given, a TypedDict return annotation supplies names and types."""

    @extract_fields()
    def point() -> Point:
        return {"x": 1, "y": 2.0}

    nodes = build(point)
    assert (nodes["x"].return_type, nodes["y"].return_type) == (int, float)


def test_extract_fields_picks_named_fields_of_a_typed_dict():
    """A list of names takes their types from the TypedDict."""

    @extract_fields(["y"])
    def point() -> Point:
        return {"x": 1, "y": 2.0}

    nodes = build(point)
    assert "y" in nodes and "x" not in nodes


def test_extract_fields_on_a_flow_runs_end_to_end():
    """span reads two TypedDict fields extracted from stats."""
    result = dagrun.Driver({}, shapes).execute(["span"], inputs={"numbers": [5, 2, 9]})
    assert result["span"] == 7


def test_extract_fields_without_field_types_is_a_graph_error():
    """A plain dict annotation and no fields leaves the field types unknown."""

    @extract_fields()
    def loose() -> dict:
        return {}

    with pytest.raises(GraphError, match="has no field types"):
        build(loose)


def test_extract_fields_on_a_non_dict_is_a_graph_error():
    """Fields of an int do not exist."""

    @extract_fields({"a": int})
    def number() -> int:
        return 1

    with pytest.raises(GraphError, match="needs a dict return annotation"):
        build(number)


def test_a_missing_field_fails_with_a_suggestion():
    """The field reader names the missing field and the close one."""

    @extract_fields({"totl": int})
    def sums() -> dict:
        return {"total": 1}

    with pytest.raises(KeyError, match="did you mean 'total'"):
        build(sums)["totl"].callable({"total": 1})


def test_unpack_fields_makes_a_node_per_position():
    """head and rest read positions 0 and 1 of the tuple."""
    result = dagrun.Driver({}, shapes).execute(["head", "rest"], inputs={"numbers": [5, 2, 9]})
    assert result == {"head": 5, "rest": [2, 9]}


def test_unpack_fields_with_an_ellipsis_tuple_types_every_name():
    """tuple[int, ...] gives each name the type int."""

    @unpack_fields("p", "q", "r")
    def triple() -> tuple[int, ...]:
        return (1, 2, 3)

    nodes = build(triple)
    assert [nodes[n].return_type for n in "pqr"] == [int, int, int]


def test_unpack_fields_with_more_names_than_positions_is_a_graph_error():
    """Three names cannot unpack a two-element tuple annotation."""

    @unpack_fields("p", "q", "r")
    def pair() -> tuple[int, int]:
        return (1, 2)

    with pytest.raises(GraphError, match="needs a tuple return annotation with at least 3"):
        build(pair)


def test_unpack_fields_may_leave_trailing_positions_unnamed():
    """Two names on a three-element tuple take the first two positions, as in Hamilton."""

    @unpack_fields("p", "q")
    def triple() -> tuple[int, int, str]:
        return (1, 2, "three")

    nodes = build(triple)
    assert sorted(nodes) == ["p", "q", "triple"]
    assert nodes["q"].callable((1, 2, "three")) == 2


def test_decorators_read_postponed_annotations():
    """Under `from __future__ import annotations` the part types still resolve."""
    from tests.flows import postponed

    dr = dagrun.Driver({}, postponed)
    assert dr.graph.nodes["a"].return_type is pd.Series
    assert (dr.graph.nodes["end"].return_type, dr.graph.nodes["right"].return_type) == (int, int)
    result = dr.execute(["a", "end", "right", "n_plus_one"], inputs={"n": 5})
    assert (result["a"].tolist(), result["end"], result["right"], result["n_plus_one"]) == (
        [5],
        5,
        3,
        6,
    )
