"""mutate and apply_to: steps declared at the mutating function, added to other functions' pipes.

The Hamilton-recorded behaviour is in tests/hamilton_cases/mutate_*; these pin what
is dagrun's own: the records it leaves, and errors naming the mutator's file:line.
"""

import pytest

from dagrun import GraphError, apply_to, mutate, pipe_output, step, value
from dagrun.modifiers.base import modifiers_of
from dagrun.modifiers.pipe import PipeOutput
from tests.flows import pipes
from tests.modifiers.helpers import build, line_of


def _inc(x: int) -> int:
    return x + 1


def test_the_mutator_stays_a_plain_function_and_is_no_node():
    def total(count: int) -> int:
        return count

    @mutate(total)
    def double(x: int) -> int:
        return x * 2

    assert double(4) == 8
    nodes = build(total, double)
    assert set(nodes) == {"total.raw", "total.with_double", "total"}


def test_a_step_joins_the_targets_own_pipe_output_after_its_steps():
    @pipe_output(step(_inc))
    def total(count: int) -> int:
        return count

    @mutate(total)
    def _double(x: int) -> int:
        return x * 2

    pipes_on_total = [r for r in modifiers_of(total) if isinstance(r, PipeOutput)]
    assert len(pipes_on_total) == 1
    nodes = build(total, _double)
    assert nodes["total.with_double"].dep_names == ("total.with_inc",)
    assert nodes["total"].dep_names == ("total.with_double",)


def test_the_same_mutator_name_twice_is_numbered_as_in_hamilton():
    """Hamilton's examples/mutate/mutate_twice_the_same: a redefinition is with_<fn>_1."""

    def data(count: int) -> int:
        return count

    @mutate(data)
    def add(x: int) -> int:
        return x + 100

    @mutate(data, amount=value(1000))
    def add(x: int, amount: int = 100) -> int:  # noqa: F811
        return x + amount

    nodes = build(data, add)
    assert nodes["data.with_add_1"].dep_names == ("data.with_add",)


def test_a_string_target_is_refused_at_the_mutators_line():
    def total(count: int) -> int:
        return count

    def _double(x: int) -> int:
        return x * 2

    with pytest.raises(GraphError, match="'total' is a string") as caught:
        mutate(apply_to("total"))(_double)
    assert line_of(_double) in str(caught.value)


def test_a_target_that_is_no_function_is_refused():
    def _double(x: int) -> int:
        return x * 2

    with pytest.raises(GraphError, match="is not a function") as caught:
        mutate(step(_inc))(_double)
    assert line_of(_double) in str(caught.value)


def test_a_target_from_another_module_is_refused_naming_both_modules():
    def _double(x: int) -> int:
        return x * 2

    before = list(modifiers_of(pipes.piped_out))
    with pytest.raises(GraphError, match=r"in module 'tests\.flows\.pipes'") as caught:
        mutate(pipes.piped_out)(_double)
    assert line_of(_double) in str(caught.value)
    assert modifiers_of(pipes.piped_out) == before


def test_a_binding_the_mutator_lacks_names_the_mutator_when_building():
    def total(count: int) -> int:
        return count

    @mutate(total, factor=value(3))
    def _scale(x: int, multiplier: int) -> int:
        return x * multiplier

    with pytest.raises(GraphError, match="binds 'factor'") as caught:
        build(total, _scale)
    assert line_of(_scale) in str(caught.value)


def test_collapse_is_refused_loudly():
    with pytest.raises(NotImplementedError, match="collapse"):
        mutate(_inc, collapse=True)


def test_hamiltons_import_path_gives_dagruns_decorators():
    from dagrun.hamilton import function_modifiers

    assert (function_modifiers.mutate, function_modifiers.apply_to) == (mutate, apply_to)
