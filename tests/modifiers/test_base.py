"""The decorator lifecycle: records, stage order, targets, combinations, pickling."""

import pickle
import subprocess
import sys

import cloudpickle
import pandas as pd
import pytest

import dagrun
from dagrun import GraphError, check_output, extract_columns, parameterize, tag, value
from dagrun.modifiers.base import MODIFIERS_ATTR, STAGES, apply_modifiers
from tests.flows import bindings, pipes, reuse, shapes, variants
from tests.modifiers.helpers import build, line_of


def test_decorators_return_the_function_itself_unchanged():
    """A decorated function is the same object, keeps its name and still runs."""

    def plain(x: int) -> int:
        return x + 1

    decorated = tag(owner="me")(check_output(range=(0, 9))(plain))
    assert decorated is plain
    assert plain.__name__ == "plain"
    assert plain(1) == 2
    assert [type(r).__name__ for r in plain.__dict__[MODIFIERS_ATTR]] == ["CheckOutput", "Tag"]


def test_stage_order_is_fixed_whatever_the_decorator_order():
    """Tags land on check gates and extracted columns, in either decorator order."""

    def frame_a(raw: list) -> pd.DataFrame:
        return pd.DataFrame(raw, columns=["p", "q"])

    def frame_b(raw: list) -> pd.DataFrame:
        return pd.DataFrame(raw, columns=["p", "q"])

    tag(t="1")(check_output(range=(0, 5))(extract_columns("p", "q")(frame_a)))
    extract_columns("p", "q")(check_output(range=(0, 5))(tag(t="1")(frame_b)))
    first = apply_modifiers(frame_a, {})
    second = apply_modifiers(frame_b, {})
    assert [n.name for n in first[1:]] == [n.name for n in second[1:]]
    assert {n.name for n in first if n.tags} == {"p", "q"}
    assert {n.name for n in second if n.tags} == {"p", "q"}
    assert STAGES == ("resolve", "create", "inject", "expand", "transform", "annotate")


def test_two_creators_on_one_function_is_a_graph_error():
    """parameterize twice is refused at build, naming the function's file:line."""

    def twice(x: int) -> int:
        return x

    parameterize(a={"x": value(1)})(parameterize(b={"x": value(2)})(twice))
    with pytest.raises(GraphError) as caught:
        build(twice)
    assert "more than one create decorator" in str(caught.value)
    assert line_of(twice) in str(caught.value)


def test_two_expanders_on_one_function_is_a_graph_error():
    """extract_columns and extract_fields together cannot both expand one value."""

    def both(raw: list) -> pd.DataFrame:
        return pd.DataFrame(raw)

    extract_columns("a")(dagrun.extract_fields({"a": int})(both))
    with pytest.raises(GraphError, match="more than one expand decorator"):
        build(both)


def test_target_naming_an_unknown_node_is_a_graph_error():
    """tag(target_=...) must name a node the function makes, with a suggestion."""

    def cols(raw: list) -> pd.DataFrame:
        return pd.DataFrame(raw)

    tag(target_="widht", kind="x")(extract_columns("width", "height")(cols))
    with pytest.raises(GraphError) as caught:
        build(cols)
    assert "'widht'" in str(caught.value)
    assert "did you mean 'width'?" in str(caught.value)


def test_target_ellipsis_reaches_every_node():
    """target_=... tags the DataFrame node as well as its columns."""

    def frame(raw: list) -> pd.DataFrame:
        return pd.DataFrame(raw)

    tag(target_=..., kind="all")(extract_columns("a")(frame))
    nodes = build(frame)
    assert nodes["frame"].tags == {"kind": "all"}
    assert nodes["a"].tags == {"kind": "all"}


def test_extract_columns_with_config_when_and_tag_combine():
    """The eu variant's columns carry its tag and feed revenue."""
    dr = dagrun.Driver({"region": "eu"}, variants)
    result = dr.execute(["revenue"], inputs={"eu_rows": [[2, 3.0], [1, 4.0]]})
    assert result["revenue"] == 10.0
    tags = {info.name: info.tags for info in dr.list_available_variables()}
    assert tags["units"] == {"source": "warehouse"}
    assert "rows" not in dr.graph.external


def test_parameterize_with_tag_tags_every_output():
    """Every node parameterize makes gets the tag; tag_outputs tags each its own way."""
    tags = {i.name: i.tags for i in dagrun.Driver({}, bindings).list_available_variables()}
    assert tags["total_small"] == {"kind": "total"}
    assert tags["total_large"] == {"kind": "total"}
    assert tags["low_bar"] == {"level": "low"} and tags["high_bar"] == {"level": "high"}


def test_check_output_on_extracted_columns_checks_each_column():
    """A fail check over extract_columns makes a check per column and stops on a bad one."""
    dr = dagrun.Driver({}, shapes)
    assert {"width_range_validator", "height_range_validator", "depth_range_validator"} <= set(
        dr.graph.nodes
    )
    good = dr.execute(["width", "depth"], inputs={"raw_boxes": [[1.0, 2.0]]})
    assert good["depth"].tolist() == [0.0]
    with pytest.raises(dagrun.DataValidationError, match="node 'height' failed 1 check"):
        dr.execute(["height"], inputs={"raw_boxes": [[1.0, 20.0]]})


@pytest.mark.parametrize("module", [bindings, pipes, reuse, shapes, variants])
def test_every_generated_callable_pickles(module):
    """Each node's callable survives pickle and cloudpickle, as process workers need."""
    config = {"region": "eu", "shipping": "express", "summary": "mean", "mode": "big"}
    for node in dagrun.Driver(config, module).graph.nodes.values():
        assert pickle.loads(pickle.dumps(node.callable)) == node.callable
        assert cloudpickle.loads(cloudpickle.dumps(node.callable)) == node.callable


def test_pickled_callables_compute_the_same_values():
    """A parameterized node's callable gives the same result after a pickle round trip."""
    node = dagrun.Driver({}, bindings).graph.nodes["total_large"]
    copy = pickle.loads(pickle.dumps(node.callable))
    assert copy(5) == node.callable(5) == 1050


def test_importing_dagrun_loads_no_pandas():
    """The decorators are importable without pandas, numpy or pandera."""
    code = "import sys, dagrun; print(sorted({'pandas','numpy','pandera'} & set(sys.modules)))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_decorated_flows_run_the_same_on_worker_processes():
    """Generated callables ship to process workers and give the sequential results."""
    inputs = {"start": 2, "bonus": 5}
    outputs = ["piped_in", "piped_out", "piped_out.raw"]
    sequential = dagrun.Driver({"mode": "big"}, pipes).execute(outputs, inputs=inputs)
    processes = dagrun.Driver({"mode": "big"}, pipes, executor="processes", max_workers=2)
    assert processes.execute(outputs, inputs=inputs) == sequential
