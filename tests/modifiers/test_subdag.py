"""subdag and parameterized_subdag: namespaced reuse of a flow."""

import pytest

import dagrun
from dagrun import GraphError, subdag, value
from tests.flows import cleaning, reuse
from tests.modifiers.helpers import build

INPUTS = {"north_readings": [1.0, -2.0, 3.0], "south_readings": [4.0, 8.0], "label": "S"}


@pytest.fixture(scope="module")
def driver():
    return dagrun.Driver({}, reuse)


def test_subdag_nodes_are_namespaced(driver):
    """The cleaning flow's nodes appear as north.kept, north.summary, ..."""
    assert {"north.kept", "north.kept_count", "north.summary", "north.scaled_summary"} <= set(
        driver.graph.nodes
    )
    assert "kept" not in driver.graph.nodes


def test_subdag_inputs_bind_sources_and_values(driver):
    """raw reads north_readings; factor is the constant 2.0."""
    result = driver.execute(["north.scaled_summary", "north.raw", "north.factor"], inputs=INPUTS)
    assert result == {
        "north.scaled_summary": 4.0,
        "north.raw": [1.0, -2.0, 3.0],
        "north.factor": 2.0,
    }


def test_the_decorated_function_reads_the_namespaced_nodes(driver):
    """north's parameters summary and kept_count come from inside the subdag."""
    assert driver.execute(["north"], inputs=INPUTS)["north"] == "2 kept, summary 2.0"


def test_each_parameterized_subdag_has_its_own_config(driver):
    """south_max uses the max variant, south_mean the mean one; label is external."""
    result = driver.execute(["south_max", "south_mean"], inputs=INPUTS)
    assert result == {"south_max": "S: 8.0", "south_mean": "S: 6.0"}
    assert "label" in driver.graph.external


def test_subdag_config_overrides_the_outer_config():
    """The outer summary=max does not reach north, whose own config says mean."""
    dr = dagrun.Driver({"summary": "max"}, reuse)
    assert dr.execute(["north.summary"], inputs=INPUTS)["north.summary"] == 2.0


def test_unbound_subdag_inputs_are_read_from_outside():
    """An input the subdag leaves unbound keeps its own name outside the namespace."""

    @subdag(cleaning, config={"summary": "mean"}, namespace="ns")
    def out(scaled_summary: float) -> float:
        return scaled_summary

    nodes = build(out)
    assert nodes["ns.kept"].dep_names == ("raw",)
    assert nodes["ns.scaled_summary"].dep_names == ("ns.summary", "factor")


def test_a_subdag_input_that_is_not_source_or_value_is_a_graph_error():
    """inputs={'raw': [1, 2]} must say source() or value()."""

    @subdag(cleaning, inputs={"raw": [1, 2]})
    def out(kept: list) -> list:
        return kept

    with pytest.raises(GraphError, match="bind each input with source"):
        build(out)


def test_a_value_input_becomes_a_constant_node():
    """value(2.5) is the node ns.factor returning 2.5."""

    @subdag(cleaning, inputs={"factor": value(2.5)}, config={"summary": "max"}, namespace="ns")
    def out(scaled_summary: float) -> float:
        return scaled_summary

    assert build(out)["ns.factor"].callable() == 2.5


def test_the_output_function_can_read_a_subdag_config_value():
    """A parameter named like a subdag config key reads that constant."""

    @subdag(cleaning, config={"summary": "max", "summary_label": "peak"}, namespace="ns")
    def labelled(scaled_summary: float, summary_label: str) -> str:
        return f"{summary_label}={scaled_summary}"

    nodes = build(labelled)
    assert nodes["ns.summary_label"].callable() == "peak"
    assert nodes["labelled"].dep_names == ("ns.scaled_summary", "ns.summary_label")
