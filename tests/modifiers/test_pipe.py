"""pipe_input, pipe_output and step."""

import pytest

import dagrun
from dagrun import GraphError, pipe_input, pipe_output, step
from tests.flows import pipes
from tests.modifiers.helpers import build

INPUTS = {"start": 2, "bonus": 5}


def _inc(x: int) -> int:
    return x + 1


def test_pipe_input_chains_steps_in_front_of_the_first_parameter():
    """With mode=big: ((2+1)*3+5)*100 - 1."""
    result = dagrun.Driver({"mode": "big"}, pipes).execute(["piped_in"], inputs=INPUTS)
    assert result["piped_in"] == 1399


def test_a_when_step_drops_out_under_another_config():
    """With mode=small the *100 step is gone: (2+1)*3+5 - 1."""
    dr = dagrun.Driver({"mode": "small"}, pipes)
    assert dr.execute(["piped_in"], inputs=INPUTS)["piped_in"] == 13
    assert "piped_in.with_times_1" not in dr.graph.nodes


def test_steps_are_named_with_fn_inside_the_nodes_namespace():
    """Unnamed steps are with_<fn>, repeats numbered; .named gives its own name."""
    nodes = dagrun.Driver({"mode": "big"}, pipes).graph.nodes
    assert {
        "piped_in.with_add",
        "piped_in.with_times",
        "piped_in.with_bonus",
        "piped_in.with_times_1",
    } <= set(nodes)


def test_pipe_output_chains_steps_after_the_function():
    """piped_out.raw is the function; piped_out is (2+10)*2."""
    dr = dagrun.Driver({}, pipes)
    result = dr.execute(["piped_out", "piped_out.raw", "piped_out.doubled"], inputs=INPUTS)
    assert result == {"piped_out": 24, "piped_out.raw": 2, "piped_out.doubled": 24}


def test_pipe_input_on_input_picks_the_parameter():
    """on_input='b' pipes b, leaving a alone."""

    @pipe_input(step(_inc), on_input="b")
    def pair(a: int, b: int) -> int:
        return a * 10 + b

    nodes = build(pair)
    assert nodes["pair"].dep_names == ("a", "pair.with_inc")
    assert nodes["pair.with_inc"].dep_names == ("b",)


def test_pipe_input_namespace_none_exposes_plain_names():
    """namespace=None leaves step nodes unprefixed."""

    @pipe_input(step(_inc), namespace=None)
    def bumped(x: int) -> int:
        return x

    assert "with_inc" in build(bumped)


def test_pipe_input_on_an_unknown_parameter_is_a_graph_error():
    """on_input must name a parameter."""

    @pipe_input(step(_inc), on_input="y")
    def bumped(x: int) -> int:
        return x

    with pytest.raises(GraphError, match="names no parameter"):
        build(bumped)


def test_a_step_with_too_many_arguments_is_a_graph_error():
    """_inc takes nothing after the piped value."""

    @pipe_output(step(_inc, 1))
    def bumped(x: int) -> int:
        return x

    with pytest.raises(GraphError, match="positional arguments"):
        build(bumped)


def test_pipe_output_on_output_targets_one_field():
    """on_output='lo' pipes only lo."""
    from dagrun import extract_fields

    @pipe_output(step(_inc), on_output="lo")
    @extract_fields({"lo": int, "hi": int})
    def bounds() -> dict:
        return {"lo": 1, "hi": 2}

    nodes = build(bounds)
    assert "lo.raw" in nodes and "hi.raw" not in nodes


def test_a_namespace_on_both_pipe_and_step_is_a_graph_error():
    """namespace=None on the pipe and on a step's .named contradict (as in Hamilton)."""

    @pipe_input(step(_inc).named("bumped", namespace="mine"), namespace=None)
    def final(x: int) -> int:
        return x

    with pytest.raises(GraphError, match="not both"):
        build(final)
