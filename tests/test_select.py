"""Selection expressions over a small drawn graph.

raw ── clean ── features ── model
             └─ report
(external input: path)
"""

from __future__ import annotations

import pytest

from dagrun.errors import InputError
from dagrun.graph import Graph
from dagrun.node import Dependency, Node, Origin
from dagrun.select import select, sinks


def _node(name: str, deps: tuple[str, ...], module: str, tags: dict | None = None) -> Node:
    return Node(
        name=name,
        callable=lambda *args: None,
        return_type=int,
        deps=tuple(Dependency(d, int) for d in deps),
        origin=Origin(module, f"{module}.py", 1, name),
        tags=tags or {},
    )


@pytest.fixture(scope="module")
def graph() -> Graph:
    return Graph(
        [
            _node("raw", ("path",), "pipeline.load", {"stage": "load"}),
            _node("clean", ("raw",), "pipeline.load", {"stage": "prep", "owner": "ana"}),
            _node("features", ("clean",), "pipeline.model", {"stage": "prep"}),
            _node("model", ("features",), "pipeline.model", {"stage": "train", "gpu": ["a", "b"]}),
            _node("report", ("clean",), "pipeline.report", {}),
        ]
    )


@pytest.mark.parametrize(
    ("expressions", "expected"),
    [
        (["model"], ("model",)),
        (["clean+"], ("clean", "features", "model", "report")),
        (["+features"], ("raw", "clean", "features")),
        (["+features+"], ("raw", "clean", "features", "model")),
        (["tag:stage=prep"], ("clean", "features")),
        (["tag:owner"], ("clean",)),
        (["tag:gpu=b"], ("model",)),
        (["module:model"], ("features", "model")),
        (["module:pipeline.report"], ("report",)),
        (["module:pipeline.*"], ("raw", "clean", "features", "model", "report")),
        (["*e*"], ("clean", "features", "model", "report")),
        (["model report"], ("model", "report")),
        (["model", "raw"], ("raw", "model")),
        (["tag:stage=prep,module:model"], ("features",)),
        (["clean+,tag:stage"], ("clean", "features", "model")),
    ],
    ids=lambda value: " | ".join(value) if isinstance(value, list) else None,
)
def test_expressions_select_nodes_in_graph_order(graph, expressions, expected):
    """Each atom, union and intersection picks exactly the expected nodes."""
    assert select(graph, expressions) == expected


def test_upstream_never_includes_external_inputs(graph):
    """+raw is raw alone: 'path' is an input, not a node to compute."""
    assert select(graph, ["+raw"]) == ("raw",)


@pytest.mark.parametrize(
    ("expression", "message"),
    [
        ("modle", "unknown node 'modle' in the selection"),
        ("zz*", "selection 'zz*' matches no node"),
        ("tag:stage=nope", "selection 'tag:stage=nope' matches no node"),
        ("raw,report", "selection 'raw,report' matches no node"),
        ("path", "'path' is an input of the flow"),
        ("kind:x", "unknown selector 'kind:'"),
        ("+", "names no node"),
        ("tag:", "names no tag"),
    ],
)
def test_bad_or_empty_terms_are_errors(graph, expression, message):
    """A term that matches nothing, or cannot, is an InputError."""
    with pytest.raises(InputError) as caught:
        select(graph, [expression])
    assert message in caught.value.message


def test_misspelt_node_gets_a_suggestion(graph):
    """The unknown-name error says which node was meant."""
    with pytest.raises(InputError) as caught:
        select(graph, ["modle"])
    assert caught.value.hint == "did you mean 'model'?"


def test_whitespace_only_selection_is_empty(graph):
    """An expression with no terms selects nothing, which is an error."""
    with pytest.raises(InputError, match="the selection is empty"):
        select(graph, ["  "])


def test_sinks_are_the_nodes_nothing_reads(graph):
    """model and report are the default outputs."""
    assert sinks(graph) == ("model", "report")


def test_an_input_with_plus_selects_what_uses_it(graph):
    """path+ is everything downstream of the input path, the input itself left out."""
    assert select(graph, ["path+"]) == select(graph, ["raw+"])
