"""hamilton_exclude: a public function left out of the flow."""

import pytest

from dagrun import config, hamilton_exclude, pipe_output, step
from dagrun.graph import Graph
from dagrun.modifiers.resolve import nodes_from_functions
from tests.modifiers.helpers import build


def test_an_excluded_function_is_no_node_and_stays_callable():
    """Its signature is never read, so missing annotations do not matter."""

    @hamilton_exclude
    def helper(x):
        return x + 1

    def uses(a: int) -> int:
        return helper(a)

    nodes = build(helper, uses)
    assert set(nodes) == {"uses"}
    assert helper(1) == 2


def test_exclusion_holds_under_every_config():
    """It wins over a matching @config.when."""

    @hamilton_exclude
    @config.when(mode="fast")
    def speed__fast() -> int:
        return 1

    assert build(speed__fast, config={"mode": "fast"}) == {}


def test_an_excluded_function_still_serves_as_a_pipe_step():
    """The Hamilton use case: a helper kept out of the flow, used with step()."""

    @hamilton_exclude
    def double(x: int) -> int:
        return x * 2

    @pipe_output(step(double))
    def base(a: int) -> int:
        return a

    nodes = build(double, base)
    assert "base" in nodes
    assert "double" not in nodes


def test_a_node_that_needs_an_excluded_function_reads_it_as_an_input():
    """Nothing is made under the excluded name, so it becomes an input to supply."""

    @hamilton_exclude
    def made() -> int:
        return 1

    def reader(made: int) -> int:
        return made

    graph = Graph(nodes_from_functions([made, reader], {}))
    assert set(graph.nodes) == {"reader"}
    assert set(graph.external) == {"made"}


def test_it_is_used_bare_as_in_hamilton():
    """@hamilton_exclude() fails when decorating, as Hamilton's does."""
    with pytest.raises(TypeError):
        hamilton_exclude()
