"""Mermaid: a ``Picture`` as a ``flowchart`` for Markdown, GitHub job summaries and wikis.

Node ids are the node names made safe for mermaid (``ns.node`` -> ``ns_node``);
labels keep the real names. Each node gets exactly one class — faded, run status,
requested output or kind, in that precedence — because mermaid merges several
classes unpredictably.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

from dagrun.render import style
from dagrun.render.model import Box, Picture

_RESERVED = {
    "end",
    "graph",
    "subgraph",
    "flowchart",
    "class",
    "classdef",
    "click",
    "style",
    "linkstyle",
    "direction",
    "default",
}
_ARROWS = {"plain": "-->", "fan_out": "==>", "fan_in": "==>"}


def to_mermaid(picture: Picture) -> str:
    """The mermaid ``flowchart`` source of ``picture``."""
    ids = _ids(box.id for box in picture.boxes)
    lines = [f"flowchart {picture.orient}"]
    used = {_class(box) for box in picture.boxes} | set(picture.legend)
    lines += _class_defs(used | ({"config"} if picture.settings else set()))
    lines += _nodes(picture.boxes, ids)
    faded_links = []
    for index, edge in enumerate(picture.edges):
        lines.append(f"    {ids[edge.source]} {_ARROWS[edge.kind]} {ids[edge.target]}")
        if edge.faded:
            faded_links.append(str(index))
    if faded_links:
        lines.append(f"    linkStyle {','.join(faded_links)} stroke:{style.FADED_LINE}")
    lines += _legend(picture)
    return "\n".join(lines) + "\n"


def _ids(names: Iterable[str]) -> dict[str, str]:
    """A distinct mermaid-safe id per name."""
    ids: dict[str, str] = {}
    taken: set[str] = set()
    for name in names:
        base = re.sub(r"\W", "_", name)
        if base.lower() in _RESERVED:
            base += "_"
        candidate, count = base, 1
        while candidate in taken:
            count += 1
            candidate = f"{base}_{count}"
        taken.add(candidate)
        ids[name] = candidate
    return ids


def _class_defs(used: set[str]) -> list[str]:
    """A ``classDef`` for each class the nodes and the legend use, in the palette's order."""
    looks = {**style.KINDS, **style.STATUSES}
    lines = []
    for key, look in looks.items():
        if key not in used:
            continue
        text = style.FADED_TEXT if key == "faded" else style.TEXT
        width = ",stroke-width:3px" if key == "output" else ""
        lines.append(f"    classDef {key} fill:{look.fill},stroke:{look.line},color:{text}{width}")
    return lines


def _nodes(boxes: Iterable[Box], ids: Mapping[str, str]) -> list[str]:
    """Node lines, namespaces as nested ``subgraph`` blocks."""
    lines: list[str] = []
    open_path: tuple[str, ...] = ()
    for box in sorted(boxes, key=lambda box: box.cluster):
        while box.cluster[: len(open_path)] != open_path:
            open_path = open_path[:-1]
            lines.append("    " * (len(open_path) + 1) + "end")
        while len(open_path) < len(box.cluster):
            open_path = box.cluster[: len(open_path) + 1]
            key = "ns_" + re.sub(r"\W", "_", "_".join(open_path))
            lines.append("    " * len(open_path) + f'subgraph {key}["{_text(open_path[-1])}"]')
        indent = "    " * (len(open_path) + 1)
        left, right = style.KINDS[box.kind].mermaid_shape
        lines.append(f'{indent}{ids[box.id]}{left}"{_label(box)}"{right}:::{_class(box)}')
    while open_path:
        open_path = open_path[:-1]
        lines.append("    " * (len(open_path) + 1) + "end")
    return lines


def _label(box: Box) -> str:
    small = "".join(f"<br/><small>{_text(line)}</small>" for line in box.lines)
    return f"<b>{_text(box.title)}</b>{small}"


def _class(box: Box) -> str:
    if box.faded:
        return "faded"
    if box.run is not None:
        return box.run.status
    return "output" if box.output else box.kind


def _text(text: str) -> str:
    """Text safe inside a quoted mermaid label: markup characters as entity codes."""
    return re.sub(r'["<>#&]', lambda match: f"#{ord(match.group())};", text)


def _legend(picture: Picture) -> list[str]:
    """A legend block: one sample node per kind and run status, and the unread config."""
    if not picture.legend and not picture.settings:
        return []
    lines = ['    subgraph legend["legend"]']
    looks = {**style.KINDS, **style.STATUSES}
    for key in picture.legend:
        left, right = looks[key].mermaid_shape
        lines.append(f'        legend_{key}{left}"{_text(looks[key].label)}"{right}:::{key}')
    if picture.settings:
        left, right = style.KINDS["config"].mermaid_shape
        settings = "<br/>".join(_text(text) for text in picture.settings)
        lines.append(f'        legend_settings{left}"{settings}"{right}:::config')
    lines.append("    end")
    return lines
