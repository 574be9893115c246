"""Layout for big graphs: dot settings by size and shrinking to a node budget.

The graph used below::

    a.x ── a.y ──┐
    a.z ─────────┼── out ── sink
    b.p ── b.q ──┘
    loose
"""

import hypothesis.strategies as st
from hypothesis import given, settings

from dagrun.render.layout import BIG_GRAPH, dot_settings, namespace_of, shrink

DEPS = {
    "a.x": (),
    "a.y": ("a.x",),
    "a.z": (),
    "b.p": (),
    "b.q": ("b.p",),
    "out": ("a.y", "a.z", "b.q"),
    "sink": ("out",),
    "loose": (),
}
NAMES = list(DEPS)


def drawn(names, shrunk):
    return {shrunk.place(name) for name in names} - {None}


def test_small_graphs_get_dots_full_effort():
    """Below the threshold no limit is set; above it placement and crossings are capped."""
    assert dot_settings(BIG_GRAPH - 1) == {}
    big = dot_settings(1000)
    assert big == {"newrank": "true", "nslimit": "0.0500", "mclimit": "0.1000"}


def test_no_budget_or_enough_room_changes_nothing():
    """Without a budget, or within it, every name is drawn as itself."""
    for budget in (None, len(NAMES)):
        shrunk = shrink(NAMES, DEPS, budget)
        assert [shrunk.place(n) for n in NAMES] == NAMES


def test_the_largest_namespace_collapses_first():
    """Collapsing a (3 nodes) saves two boxes, enough for a budget of 6."""
    shrunk = shrink(NAMES, DEPS, 6)
    assert drawn(NAMES, shrunk) == {"a.*", "b.p", "b.q", "out", "sink", "loose"}


def test_both_namespaces_collapse_when_one_is_not_enough():
    """A budget of 5 needs a and b collapsed."""
    assert drawn(NAMES, shrink(NAMES, DEPS, 5)) == {"a.*", "b.*", "out", "sink", "loose"}


def test_then_nodes_nearest_the_outputs_are_kept():
    """Below what collapsing reaches, the outputs and their nearest upstream stay."""
    shrunk = shrink(NAMES, DEPS, 2, first=["out"])
    assert drawn(NAMES, shrunk) == {"out", "a.*"}
    assert shrunk.place("loose") is None and shrunk.place("b.q") is None


def test_without_outputs_sinks_are_kept_first():
    """With no outputs named, sinks (sink, loose) lead the order."""
    assert drawn(NAMES, shrink(NAMES, DEPS, 2)) == {"sink", "loose"}


def test_namespace_is_the_first_dotted_part():
    """``a.b.c`` belongs to ``a``; a plain name to none."""
    assert (namespace_of("a.b.c"), namespace_of("plain")) == ("a", None)


@settings(max_examples=60, deadline=None)
@given(
    st.lists(st.integers(0, 5), min_size=1, max_size=40).flatmap(
        lambda spaces: st.tuples(
            st.just(spaces),
            st.lists(st.tuples(st.integers(0, 39), st.integers(0, 39)), max_size=80),
            st.integers(1, 45),
        )
    )
)
def test_shrinking_always_fits_the_budget(case):
    """Any DAG, any budget: at most ``budget`` boxes are drawn, and at least one."""
    spaces, pairs, budget = case
    names = [f"ns{s}.n{i}" if s else f"n{i}" for i, s in enumerate(spaces)]
    deps = {name: [] for name in names}
    for a, b in pairs:
        if a < b < len(names):
            deps[names[b]].append(names[a])
    boxes = drawn(names, shrink(names, deps, budget))
    assert 1 <= len(boxes) <= budget
