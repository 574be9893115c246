"""The pictured flow as a graph with decorator roles and a namespace, and SVG reading helpers."""

from __future__ import annotations

import dataclasses
import re
import xml.etree.ElementTree as ET

import pytest

from dagrun.graph import Graph
from dagrun.modifiers.resolve import nodes_from_modules
from tests.flows import pictured

ROLES = {"total_is_positive": "check"}
RENAMED = {"doubled": "scale.doubled"}  # as a subdag would name it
CONFIG = {"limit": 3}
SVG = "{http://www.w3.org/2000/svg}"
XLINK = "{http://www.w3.org/1999/xlink}"


def pictured_graph(
    roles: dict[str, str] | None = None, renamed: dict[str, str] | None = None
) -> Graph:
    """The pictured flow with roles set and ``doubled`` moved into namespace ``scale``."""
    roles = ROLES if roles is None else roles
    renamed = RENAMED if renamed is None else renamed
    nodes = []
    for node in nodes_from_modules([pictured], CONFIG):
        deps = tuple(dataclasses.replace(d, name=renamed.get(d.name, d.name)) for d in node.deps)
        nodes.append(
            dataclasses.replace(
                node,
                name=renamed.get(node.name, node.name),
                role=roles.get(node.name, node.role),
                deps=deps,
            )
        )
    return Graph(nodes, CONFIG)


@pytest.fixture
def graph() -> Graph:
    return pictured_graph()


def svg_nodes(data: bytes) -> dict[str, ET.Element]:
    """Each node group of a graphviz SVG by its title (the node name)."""
    root = ET.fromstring(data)
    return {
        group.find(f"{SVG}title").text: group
        for group in root.iter(f"{SVG}g")
        if group.get("class") == "node"
    }


def svg_fill(group: ET.Element) -> str:
    """The fill colour of a node's outline shape."""
    for shape in group.iter():
        if shape.tag in (f"{SVG}path", f"{SVG}polygon", f"{SVG}ellipse") and shape.get("fill"):
            if shape.get("fill") != "none":
                return shape.get("fill").upper()
    raise AssertionError("node has no filled shape")


def svg_tooltip(group: ET.Element) -> str:
    """The tooltip graphviz attaches to a node's link."""
    link = group.find(f".//{SVG}a")
    return link.get(f"{XLINK}title") if link is not None else ""


NODE = re.compile(
    r'^\s*(?P<id>\w+)(?P<open>\(\[|\[\[|\[/|\[\\|\{\{|\(|\[)"(?P<label>[^"]*)"'
    r"(?P<close>\]\)|\]\]|/\]|\\\]|\}\}|\)|\]):::(?P<cls>\w+)$"
)
EDGE = re.compile(r"^\s*(\w+) (-->|==>) (\w+)$")


def parse_mermaid(text: str) -> tuple[dict, list, list]:
    """Nodes (id -> (label, class)), edges and subgraph ids; fails on any other line."""
    lines = text.splitlines()
    assert lines[0] in ("flowchart LR", "flowchart TB")
    nodes, edges, subgraphs, depth = {}, [], [], 0
    for line in lines[1:]:
        if match := NODE.match(line):
            assert match["id"] not in nodes, f"node {match['id']} defined twice"
            nodes[match["id"]] = (match["label"], match["cls"])
        elif match := EDGE.match(line):
            edges.append((match[1], match[3]))
        elif match := re.match(r'^\s*subgraph (\w+)\["[^"]+"\]$', line):
            subgraphs.append(match[1])
            depth += 1
        elif line.strip() == "end":
            depth -= 1
            assert depth >= 0
        else:
            assert re.match(r"^\s*(classDef \w+ \S+|linkStyle [\d,]+ \S+)$", line), line
    assert depth == 0, "unbalanced subgraph/end"
    return nodes, edges, subgraphs
