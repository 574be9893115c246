"""NodeWrapper puts a callable around nodes' functions when the driver is built; it runs where
the node runs. ``hints.conforms`` is the strict value check Hamilton's type checker uses."""

from __future__ import annotations

import sys
from dataclasses import dataclass
from typing import Any, Literal, Optional

import pytest

import dagrun
from dagrun import hints
from dagrun.hooks import NodeWrapper
from dagrun.parallel import Collect, Parallelizable


def base(x: int) -> int:
    return x + 1


def doubled(base: int, y: int = 10) -> int:
    return base * y


@dataclass(frozen=True)
class Negated:
    """Picklable: it travels to worker processes with the node."""

    fn: Any

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        return -self.fn(*args, **kwargs)


class NegateDoubled(NodeWrapper):
    def wrap_node(self, node):
        return Negated(node.callable) if node.name == "doubled" else None


@pytest.fixture
def flow():
    module = type(sys)("wrapped_flow")
    for fn in (base, doubled):
        fn.__module__ = module.__name__
        setattr(module, fn.__name__, fn)
    return module


@pytest.mark.parametrize("executor", ["sequential", "processes"])
def test_a_wrapper_changes_what_its_nodes_compute_wherever_they_run(flow, executor):
    with dagrun.Driver({}, flow, executor=executor, hooks=[NegateDoubled()]) as dr:
        assert dr.execute(["base", "doubled"], inputs={"x": 1}) == {"base": 2, "doubled": -20}
        # the optional input left out switches the call to keywords: still wrapped
        assert dr.execute(["doubled"], inputs={"x": 1, "y": 3}) == {"doubled": -6}


def test_wrappers_given_to_one_run_do_not_wrap(flow):
    dr = dagrun.Driver({}, flow)
    result = dr.run(["doubled"], inputs={"x": 1}, hooks=[NegateDoubled()])
    assert result.values == {"doubled": 20}


@pytest.mark.parametrize(
    ("value", "hint", "expected"),
    [
        (1, float, False),  # no numeric tower
        (1.0, float, True),
        (True, int, True),  # bool is an int subclass
        ([1, 2], list[int], True),
        ([1, "2"], list[int], False),
        ({"a": 1}, dict[str, int], True),
        ({"a": "1"}, dict[str, int], False),
        ((1, "a"), tuple[int, str], True),
        ((1, 2), tuple[int, str], False),
        ((1, 2, 3), tuple[int, ...], True),
        (None, Optional[int], True),  # noqa: UP045 - the typing spelling too
        ("x", int | None, False),
        ("b", Literal["a", "b"], True),
        ([1, 2], Collect[int], True),
        ([1, "2"], Parallelizable[int], False),
        (object(), Any, True),
        ("anything", "UnresolvedName", True),
    ],
)
def test_conforms_is_a_strict_deep_instance_check(value, hint, expected):
    assert hints.conforms(value, hint) is expected
