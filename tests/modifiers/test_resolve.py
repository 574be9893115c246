"""From functions to nodes: the fast path for plain functions and variant choice."""

import pytest

from dagrun import cache, config, tag
from dagrun.modifiers import base
from dagrun.modifiers.resolve import nodes_from_functions


def test_plain_functions_never_reach_the_decorator_machinery(monkeypatch):
    """Undecorated functions go straight to function_node."""

    def refuse(*args, **kwargs):
        raise AssertionError("apply_modifiers called for a plain function")

    monkeypatch.setattr(base, "apply_modifiers", refuse)

    def one() -> int:
        return 1

    def two(one: int) -> int:
        return one + 1

    assert [n.name for n in nodes_from_functions([one, two], {})] == ["one", "two"]


def test_metadata_decorators_keep_the_function_as_the_callable():
    """tag, cache and config.when add no wrapper: the node calls the function itself."""

    @tag(owner="x")
    @cache(behavior="recompute")
    @config.when(mode="a")
    def value__a() -> int:
        return 1

    (node,) = nodes_from_functions([value__a], {"mode": "a"})
    assert node.callable is value__a


def _sizes():
    @config.default
    def size__fallback() -> int:
        return 0

    @config.when(big=True)
    def size__big() -> int:
        return 100

    return [size__fallback, size__big]


def test_a_matching_variant_beats_the_default():
    """big=True: the when variant makes 'size' and the default steps aside."""
    nodes = nodes_from_functions(_sizes(), {"big": True})
    assert [n.callable() for n in nodes if n.name == "size"] == [100]


@pytest.mark.parametrize("setting", [{"big": False}, {}])
def test_the_default_takes_over_otherwise(setting):
    """No matching variant: only the default makes 'size'."""
    assert [n.callable() for n in nodes_from_functions(_sizes(), setting)] == [0]
