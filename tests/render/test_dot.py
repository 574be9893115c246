"""Graphviz output, drawn for real by ``dot``: SVG content, bitmap and PDF files, DOT source."""

import html
import subprocess

import pytest

from dagrun.errors import DagrunError
from dagrun.graph import Graph
from dagrun.render import View, render_bytes
from dagrun.render.dot import INSTALL_HINT
from dagrun.render.overlay import NodeRun
from dagrun.render.style import KINDS, STATUSES
from tests.render.conftest import svg_fill, svg_nodes, svg_tooltip


def test_svg_names_every_node_and_carries_docstrings(graph):
    """Each node is an SVG group titled with its name whose tooltip is doc and file:line."""
    nodes = svg_nodes(render_bytes(graph, "svg"))
    assert set(nodes) == set(graph.all_names())
    for name, node in graph.nodes.items():
        tooltip = svg_tooltip(nodes[name])
        assert tooltip.startswith(node.doc)
        assert tooltip.endswith(f"pictured.py:{node.origin.line}")


def test_svg_keeps_markup_in_docstrings_as_text(graph):
    """A docstring with <, & and quotes survives into the tooltip unchanged."""
    tooltip = svg_tooltip(svg_nodes(render_bytes(graph, "svg"))["report"])
    assert 'under a <title> & its "quotes".' in tooltip


def test_svg_fills_follow_kinds(graph):
    """Config, input, fan-out, check and output boxes wear their kind's fill."""
    view = View(outputs=("report", "total_is_positive"))
    nodes = svg_nodes(render_bytes(graph, "svg", view))
    assert svg_fill(nodes["limit"]) == KINDS["config"].fill
    assert svg_fill(nodes["path"]) == KINDS["input"].fill
    assert svg_fill(nodes["row_items"]) == KINDS["parallel"].fill
    assert svg_fill(nodes["total_is_positive"]) == KINDS["output"].fill
    assert svg_fill(nodes["audit"]) == KINDS["faded"].fill


def test_svg_shows_namespace_cluster_legend_and_values(graph):
    """The namespace is a labelled cluster; the legend and config values are drawn text."""
    data = html.unescape(render_bytes(graph, "svg").decode())
    assert '<g id="clust1" class="cluster">' in data and "<title>cluster_scale</title>" in data
    for label in ("function", "external input", "config value", "Parallelizable (fan-out)"):
        assert f">{label}</text>" in data
    assert "= 3</text>" in data


def test_svg_colours_each_node_by_its_run_status(graph):
    """With a run, a node's fill is its status colour and its label its duration."""
    run = {"rows": NodeRun("done", 0.02), "audit": NodeRun("failed", 0.5, "boom")}
    data = render_bytes(graph, "svg", View(run=run))
    nodes = svg_nodes(data)
    assert svg_fill(nodes["rows"]) == STATUSES["done"].fill
    assert svg_fill(nodes["audit"]) == STATUSES["failed"].fill
    assert "failed · 500 ms" in data.decode()


@pytest.mark.parametrize(("fmt", "magic"), [("png", b"\x89PNG\r\n\x1a\n"), ("pdf", b"%PDF-")])
def test_bitmaps_and_pdf_are_real_files(graph, fmt, magic):
    """PNG and PDF output start with their format's magic bytes and are not trivial."""
    data = render_bytes(graph, fmt)
    assert data.startswith(magic)
    assert len(data) > 5000


def test_dot_source_is_accepted_by_dot(graph):
    """The DOT text parses in dot and declares every node."""
    source = render_bytes(graph, "dot", View(orient="TB")).decode()
    canon = subprocess.run(["dot", "-Tcanon"], input=source, capture_output=True, text=True)
    assert canon.returncode == 0, canon.stderr
    assert "rankdir=TB" in canon.stdout
    for name in graph.all_names():
        assert f'"{name}"' in source or f"\t{name} [" in source


def test_without_dot_pictures_fail_with_how_to_install(graph, monkeypatch, tmp_path):
    """With no dot on PATH, svg says how to install graphviz; dot source still works."""
    monkeypatch.setenv("PATH", str(tmp_path))
    with pytest.raises(DagrunError) as caught:
        render_bytes(graph, "svg")
    assert caught.value.exit_code == 2
    assert "not on PATH" in caught.value.message
    assert caught.value.hint == INSTALL_HINT and "apt-get install graphviz" in INSTALL_HINT
    assert render_bytes(graph, "dot").startswith(b"digraph")


def test_legend_lists_config_that_only_chooses_variants(graph):
    """Config no node reads is drawn in the legend as ``key = value``."""
    steered = Graph(graph.nodes.values(), {"limit": 3, "mode": "online"})
    data = html.unescape(render_bytes(steered, "svg").decode())
    assert ">config</text>" in data and ">mode = 'online'</text>" in data
