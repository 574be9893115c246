"""parameterize_extract_columns: per parameterization a DataFrame node and its columns."""

import pandas as pd
import pytest

from dagrun import (
    GraphError,
    ParameterizedExtract,
    configuration,
    parameterize_extract_columns,
    source,
    value,
)
from tests.modifiers.helpers import build, line_of


@parameterize_extract_columns(
    ParameterizedExtract(("a_lo", "a_hi"), {"level": source("a"), "spread": value(1)}),
    ParameterizedExtract(("b_lo", "b_hi"), {"level": value(10), "spread": value(5)}),
)
def bands(level: int, spread: int) -> pd.DataFrame:
    return pd.DataFrame({"first": [level - spread], "second": [level + spread]})


def test_nodes_are_the_columns_and_one_frame_per_parameterization():
    nodes = build(bands)
    assert set(nodes) == {"a_lo", "a_hi", "b_lo", "b_hi", "bands__0", "bands__1"}
    assert nodes["a_lo"].return_type is pd.Series
    assert [dep.name for dep in nodes["bands__0"].deps] == ["a"]


def test_columns_are_renamed_in_order():
    nodes = build(bands)
    first, second = nodes["bands__0"].callable(3), nodes["bands__1"].callable()
    assert list(first.columns) == ["a_lo", "a_hi"]
    assert list(second.columns) == ["b_lo", "b_hi"]
    assert nodes["a_hi"].callable(first).tolist() == [4]
    assert nodes["b_lo"].callable(second).tolist() == [5]


def test_without_reassigning_columns_are_picked_by_name():
    @parameterize_extract_columns(
        ParameterizedExtract(("hi",), {"level": value(2)}), reassign_columns=False
    )
    def picked(level: int) -> pd.DataFrame:
        return pd.DataFrame({"lo": [level - 1], "hi": [level + 1]})

    node = build(picked)["picked__0"]
    assert list(node.callable().columns) == ["lo", "hi"]


@pytest.mark.parametrize(
    ("extracts", "message"),
    [
        ((), "has no parameterizations"),
        (({"outputs": ("a",)},), "takes ParameterizedExtract"),
        ((ParameterizedExtract("ab", {}),), "'ab' is not a list of column names"),
        ((ParameterizedExtract(("a", ""), {}),), "column '' is not a name"),
    ],
)
def test_misused_parameterizations_are_refused(extracts, message):
    @parameterize_extract_columns(*extracts)
    def frame(level: int) -> pd.DataFrame:
        return pd.DataFrame({"a": [level]})

    with pytest.raises(GraphError, match=message) as caught:
        build(frame)
    assert line_of(frame) in str(caught.value)


def test_a_return_type_that_is_no_dataframe_is_refused():
    @parameterize_extract_columns(ParameterizedExtract(("a",), {}))
    def frame(level: int) -> dict:
        return {"a": level}

    with pytest.raises(GraphError, match="@parameterize_extract_columns needs a DataFrame"):
        build(frame)


def test_bindings_are_checked_as_parameterize_checks_them():
    """An unknown parameter and configuration() are build errors (Hamilton: at execute)."""

    for mapping, message in (
        ({"nope": value(1)}, "binds 'nope', which is not a parameter"),
        ({"level": configuration("mode")}, r"binds 'level' to configuration\('mode'\)"),
    ):

        @parameterize_extract_columns(ParameterizedExtract(("a",), mapping))
        def frame(level: int) -> pd.DataFrame:
            return pd.DataFrame({"a": [level]})

        with pytest.raises(GraphError, match=message):
            build(frame)
