"""Plans: which nodes run, in what order, and when values are released."""

import sys
from pathlib import Path

import pytest

import dagrun
from dagrun.graph import Graph
from dagrun.modifiers.resolve import function_node
from dagrun.plan import compile_plan

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))
import flowgen


def _graph(*functions, config=None):
    return Graph([function_node(fn) for fn in functions], config)


def a(x: int) -> int:
    return x + 1


def b(a: int) -> int:
    return a * 2


def c(a: int) -> int:
    return a * 3


def d(b: int, c: int) -> int:
    return b + c


def e(x: int) -> int:
    return -x


def assert_dependencies_first(plan):
    seen = {seed.name for seed in plan.seeds}
    for step in plan.steps:
        assert set(step.node.dep_names) <= seen | set(), step.name
        seen.add(step.name)


def test_d_frees_b_and_c_once_it_has_run():
    """Intermediates are released by their last reader, outputs never.

    x ── a ── b ──┐
         └─── c ──┴── d
    """
    plan = compile_plan(_graph(a, b, c, d, e), ["d"], inputs={"x"})
    assert_dependencies_first(plan)
    assert plan.names[0] == "a" and plan.names[-1] == "d"
    assert "e" not in plan.names  # not needed for d
    step_d = plan.steps[-1]
    assert sorted(step_d.release) == sorted([plan.slots["b"], plan.slots["c"]])
    released = {slot for step in plan.steps for slot in step.release}
    assert plan.slots["d"] not in released


def test_requested_intermediate_is_kept():
    """A requested output that others read is not released."""
    plan = compile_plan(_graph(a, b, c, d), ["a", "d"], inputs={"x"})
    released = {slot for step in plan.steps for slot in step.release}
    assert plan.slots["a"] not in released


def test_override_short_circuits_its_upstream():
    """An overridden node does not run, nor does what only it needed."""
    plan = compile_plan(_graph(a, b, c, d), ["b"], overrides={"a"})
    assert plan.names == ["b"]
    assert [(s.name, s.source) for s in plan.seeds] == [("a", "override")]


def test_missing_inputs_are_all_reported_at_once():
    """Every missing input is named, with its consumers, in one error."""

    def two(p: int, q: int) -> int:
        return p + q

    with pytest.raises(dagrun.InputError) as caught:
        compile_plan(_graph(two), ["two"])
    assert "missing inputs: 'p' (needed by 'two'), 'q' (needed by 'two')" in str(caught.value)


def test_missing_input_suggests_a_close_given_name():
    """A misspelt input gets a "did you mean"."""
    with pytest.raises(dagrun.InputError, match="'xx' was given: did you mean 'x'"):
        compile_plan(_graph(a), ["a"], inputs={"xx", "y"})


def test_config_fills_external_inputs_but_not_nodes():
    """Config values feed parameters no node produces; a node of the same name wins."""
    plan = compile_plan(_graph(a, b, config={"x": 1, "a": 99}), ["b"])
    assert [(s.name, s.source) for s in plan.seeds] == [("x", "config")]
    assert plan.names == ["a", "b"]


def test_a_100000_node_chain_runs_without_recursion():
    """A 100,000-node chain builds, compiles and runs (iterative walks, flat loop)."""
    module = flowgen.chain_module(100_000, "plan_chain")
    assert dagrun.Driver({}, module).execute(["c99999"], inputs={"x": 1}) == {"c99999": 100_000}


def test_block_compiles_to_one_step_with_a_per_item_plan():
    """number ═╗ shifted_square ─ label ═╗ labels: the block is one step before labels.

    Its per-item plan is seeded by the item and the outer value ``shift``, and
    its result slot is the collected name's, which ``labels`` reads.
    """
    from tests.flows import fanout

    plan = dagrun.Driver({}, fanout).plan(["labels"], ["numbers", "shift"])
    assert plan.names == ["number", "label", "labels"]
    block = plan.steps[1].block
    assert block is not None and not plan.plain and not plan.serial
    assert [(seed.name, seed.source) for seed in block.plan.seeds] == [
        ("number", "item"),
        ("shift", "outer"),
    ]
    assert block.plan.names == ["shifted_square", "label"]
    assert plan.steps[2].args == (plan.slots["label"],)


def test_requesting_a_per_item_node_is_an_error():
    """A node inside a block has no single value; asking for it names the collector."""
    from tests.flows import fanout

    with pytest.raises(dagrun.GraphError, match="runs once per item") as caught:
        dagrun.Driver({}, fanout).execute(["label"], inputs={"numbers": [1], "shift": 0})
    assert "request 'labels'" in caught.value.hint


def test_chain_plan_is_serial_and_diamond_is_not():
    """Serial means each step reads the one before it: a chain, not a diamond."""
    chain = compile_plan(_graph(a, b), ["b"], inputs={"x"})
    diamond = compile_plan(_graph(a, b, c), ["b", "c"], inputs={"x"})
    assert chain.serial and chain.plain
    assert not diamond.serial


def test_overrides_in_a_block_replace_per_item_values_or_the_collected_list():
    """Overriding a node inside a block makes it an outer value; the collected name a list."""
    from tests.flows import fanout

    driver = dagrun.Driver({}, fanout)
    inputs = {"numbers": [1, 2], "shift": 0}
    assert driver.execute(["labels"], inputs, overrides={"label": ["x", "y"]}) == {
        "labels": ["x", "y"]
    }
    with pytest.raises(dagrun.InputError, match="without items") as caught:
        driver.execute(["labels"], inputs, overrides={"shifted_square": 7})
    assert "override 'label' itself" in caught.value.hint


def test_a_rewritten_plan_derives_afresh():
    """What executors derive from a plan must not leak into a plan made from it (the cache's)."""
    from dataclasses import replace

    plan = compile_plan(_graph(a, b, c, d), ["d"], inputs={"x"})
    plan.derived["shape"] = "of the original"
    shorter = replace(plan, steps=plan.steps[1:], calls=plan.calls[1:])
    assert shorter.derived == {}


def test_calls_gather_their_arguments_for_any_arity():
    from dagrun.plan import gatherer

    values = ["v0", "v1", "v2"]
    assert list(gatherer(())(values)) == []
    assert list(gatherer((2,))(values)) == ["v2"]
    assert list(gatherer((2, 0))(values)) == ["v2", "v0"]
