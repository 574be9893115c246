"""Graph validation: duplicates, cycles, edge types, annotations; and graph queries."""

import itertools

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import dagrun
from dagrun.graph import find_cycle
from tests.flows import mismatch, no_return, ring, twice_a, twice_b, unannotated


def test_cycle_is_rejected_at_build_with_its_path():
    """A ring of three functions fails on construction and names the loop.

    a ── b ── c
    └─────────┘
    """
    with pytest.raises(dagrun.GraphError) as caught:
        dagrun.Driver({}, ring)
    message = str(caught.value)
    assert "dependency cycle" in message
    for name in ("a", "b", "c"):
        assert f"{name} ->" in message or f"-> {name}" in message
    assert "ring.py:" in message


def test_duplicate_node_names_both_origins():
    """The same node in two modules is rejected naming both file:lines."""
    with pytest.raises(dagrun.GraphError) as caught:
        dagrun.Driver({}, twice_a, twice_b)
    message = str(caught.value)
    assert "'revenue' is defined twice" in message
    assert "twice_a.py:4" in message and "twice_b.py:4" in message


def test_type_mismatch_names_both_functions():
    """A str producer into an int parameter is rejected naming producer and consumer."""
    with pytest.raises(dagrun.GraphError) as caught:
        dagrun.Driver({}, mismatch)
    message = str(caught.value)
    assert "'label' returns str" in message
    assert "'doubled' takes 'label' as int" in message
    assert "mismatch.py:4" in message and "mismatch.py:8" in message


def test_missing_parameter_annotation_is_a_clear_error():
    """An unannotated parameter names the parameter, the function and its line."""
    with pytest.raises(dagrun.GraphError) as caught:
        dagrun.Driver({}, unannotated)
    message = str(caught.value)
    assert "parameter 'prices' of function 'total' has no type annotation" in message
    assert "unannotated.py:4" in message
    assert caught.value.exit_code == 2


def test_missing_return_annotation_is_a_clear_error():
    """A function without a return annotation is rejected at build."""
    with pytest.raises(dagrun.GraphError, match="the return value of function 'total'"):
        dagrun.Driver({}, no_return)


def test_future_annotations_generics_and_unions_build():
    """String annotations resolve in their module: forward refs, generics, Optional, Union."""
    from tests.flows import future_hints

    driver = dagrun.Driver({}, future_hints)
    names = {info.name for info in driver.list_available_variables()}
    assert {"basket", "sizes", "longest", "headline", "raw", "count", "factor"} <= names
    assert "_private_helper" not in names
    assert "shout" not in names  # imported from another module: not a node here
    assert "Basket" not in names and "dataclass" not in names


def test_list_available_variables_reports_origin_and_inputs():
    """Each node info carries type, doc, module, file, line and the external-input flag."""
    from tests.flows import future_hints

    infos = {info.name: info for info in dagrun.Driver({}, future_hints).list_available_variables()}
    assert infos["basket"].doc == "A basket of the raw items."
    assert infos["basket"].type is future_hints.Basket
    assert infos["basket"].file.endswith("future_hints.py")
    assert infos["basket"].line == future_hints.basket.__code__.co_firstlineno
    assert not infos["basket"].is_external_input
    assert infos["raw"].is_external_input and infos["raw"].type == list[str]


def test_upstream_and_downstream_queries():
    """Queries walk the graph both ways and exclude the names asked about."""
    from tests.flows import future_hints

    driver = dagrun.Driver({}, future_hints)
    assert driver.upstream_of("longest") == ["basket", "raw", "sizes"]
    assert driver.downstream_of("basket") == ["headline", "longest", "sizes"]
    assert driver.path_between("basket", "headline") == ["basket", "headline", "longest", "sizes"]
    with pytest.raises(dagrun.InputError, match="did you mean 'basket'"):
        driver.upstream_of("baskt")


def test_networkx_view_matches_the_graph():
    """The networkx DiGraph has every node and an edge from each producer to consumer."""
    from tests.flows import future_hints

    graph = dagrun.Driver({}, future_hints).graph.nx
    assert graph.has_edge("basket", "sizes") and graph.has_edge("raw", "basket")
    assert set(graph.nodes) >= {"basket", "sizes", "longest", "headline", "raw"}


def test_find_cycle_on_a_long_chain_does_not_recurse():
    """A 100,000-link chain is checked without meeting the recursion limit."""
    deps = {f"n{i}": [f"n{i - 1}"] for i in range(1, 100_000)}
    assert find_cycle(deps) is None
    deps["n0"] = ["n99999"]
    cycle = find_cycle(deps)
    assert cycle[0] == cycle[-1] and len(cycle) == 100_001


@settings(max_examples=60, deadline=None)
@given(st.integers(2, 30), st.data())
def test_find_cycle_finds_a_cycle_iff_one_exists(size, data):
    """On random graphs, a reported cycle is a real closed path; none means a DAG."""
    edges = data.draw(st.lists(st.tuples(st.integers(0, size - 1), st.integers(0, size - 1))))
    deps = {f"v{i}": [] for i in range(size)}
    for src, dst in edges:
        deps[f"v{dst}"].append(f"v{src}")
    cycle = find_cycle(deps)
    if cycle is None:
        import graphlib

        list(graphlib.TopologicalSorter(deps).static_order())  # raises on a cycle
    else:
        assert cycle[0] == cycle[-1]
        for consumer, needed in itertools.pairwise(cycle):
            assert needed in deps[consumer]
