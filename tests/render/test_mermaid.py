"""Mermaid output: a well-formed flowchart with every node, edge, namespace and class."""

import re
import types

import hypothesis.strategies as st
from hypothesis import given, settings

from dagrun.graph import Graph
from dagrun.modifiers.resolve import nodes_from_modules
from dagrun.render import View, render_bytes
from dagrun.render.mermaid import _ids
from dagrun.render.overlay import NodeRun
from tests.render.conftest import parse_mermaid as parse


def test_flowchart_has_every_node_and_edge(graph):
    """Each node appears once with its name in bold; each dependency is an edge."""
    nodes, edges, subgraphs = parse(render_bytes(graph, "mermaid").decode())
    ids = _ids([*graph.external, *graph.nodes])
    labels = {ids[name]: name.rsplit(".", 1)[-1] for name in graph.all_names()}
    for node_id, short in labels.items():
        assert nodes[node_id][0].startswith(f"<b>{short}</b>")
    expected = {
        (ids[dep], ids[node.name]) for node in graph.nodes.values() for dep in node.dep_names
    }
    assert set(edges) == expected and len(edges) == len(expected)
    assert "ns_scale" in subgraphs and "legend" in subgraphs
    assert all(node_id in nodes for edge in edges for node_id in edge)


def test_markup_in_labels_is_escaped_and_classes_follow_state(graph):
    """Labels hold name, type and status; faded, status and output classes win over kinds."""
    run = {"rows": NodeRun("failed", 0.5)}
    view = View(outputs=("report",), run=run, orient="TB")
    nodes, _, _ = parse(render_bytes(graph, "mermaid", view).decode())
    assert nodes["audit"] == ("<b>audit</b><br/><small>dict[str, int]</small>", "faded")
    assert nodes["rows"][1] == "failed" and "failed · 500 ms" in nodes["rows"][0]
    assert nodes["report"][1] == "output"
    assert nodes["limit"][1] == "config" and "= 3" in nodes["limit"][0]


def test_faded_edges_are_styled_by_index(graph):
    """linkStyle names exactly the edges that leave or enter a faded node."""
    text = render_bytes(graph, "mermaid", View(outputs=("audit",))).decode()
    _, edges, _ = parse(text)
    styled = re.search(r"linkStyle ([\d,]+) ", text)[1].split(",")
    faded = {i for i, (a, b) in enumerate(edges) if {a, b} - {"rows", "audit", "path", "limit"}}
    assert {int(i) for i in styled} == faded


def test_ids_are_safe_distinct_and_avoid_keywords():
    """Dots become underscores, clashes get a suffix, mermaid keywords are not ids."""
    ids = _ids(["a.b", "a_b", "end", "class", "x"])
    assert ids == {"a.b": "a_b", "a_b": "a_b_2", "end": "end_", "class": "class_", "x": "x"}


def test_every_class_used_is_defined_once(graph):
    """Each ``:::class`` a node uses has exactly one classDef, and none is unused."""
    run = {"rows": NodeRun("done", 0.1), "audit": NodeRun("skipped")}
    text = render_bytes(graph, "mermaid", View(outputs=("report",), run=run)).decode()
    nodes, _, _ = parse(text)
    defined = re.findall(r"^\s*classDef (\w+) ", text, flags=re.MULTILINE)
    assert len(defined) == len(set(defined))
    assert {cls for _, cls in nodes.values()} == set(defined)


@settings(max_examples=40, deadline=None)
@given(st.lists(st.sets(st.integers(0, 30), max_size=4), min_size=1, max_size=25))
def test_any_dag_keeps_every_node_and_edge(parents):
    """Random DAGs: the flowchart has one node per name and one edge per dependency."""
    lines = []
    for index, chosen in enumerate(parents):
        deps = sorted(f"n{p}" for p in chosen if p < index) or ["seed"]
        params = ", ".join(f"{dep}: int" for dep in deps)
        lines.append(f"def n{index}({params}) -> int:\n    return 1\n")
    module = types.ModuleType("random_dag")
    exec("\n".join(lines), module.__dict__)
    graph = Graph(nodes_from_modules([module], {}))
    nodes, edges, _ = parse(render_bytes(graph, "mermaid").decode())
    drawn = {name for name in nodes if not name.startswith("legend_")}
    assert drawn == set(graph.all_names())
    expected = {(dep, node.name) for node in graph.nodes.values() for dep in node.dep_names}
    assert sorted(edges) == sorted(expected)


def test_legend_lists_config_that_only_chooses_variants(graph):
    """Config no node reads appears in the legend subgraph with the config class."""
    steered = Graph(graph.nodes.values(), {"limit": 3, "mode": "online"})
    nodes, _, _ = parse(render_bytes(steered, "mermaid").decode())
    assert nodes["legend_settings"] == ("mode = 'online'", "config")
