"""Graphviz: a ``Picture`` as DOT source, and DOT drawn to png, svg or pdf by ``dot``.

The ``graphviz`` package builds the source (it knows DOT's quoting) and runs the
``dot`` program; both are imported here, at the point of use, so ``import
dagrun`` stays light. Labels are HTML-like so the name can be bold above its type.
"""

from __future__ import annotations

import html
from collections.abc import Iterable, Sequence
from dataclasses import replace
from typing import Any

from dagrun.errors import DagrunError
from dagrun.render import style
from dagrun.render.layout import dot_settings
from dagrun.render.model import Box, Edge, Picture

INSTALL_HINT = (
    "install graphviz, which provides it: `sudo apt-get install graphviz` (Debian/Ubuntu), "
    "`sudo dnf install graphviz` (Fedora), `brew install graphviz` (macOS), "
    "`conda install -c conda-forge graphviz` or `choco install graphviz` (Windows); "
    "--format dot and --format mermaid work without it"
)


def to_dot(picture: Picture, dpi: int | None = None) -> str:
    """The DOT source of ``picture``; ``dpi`` sets the pixel density of bitmaps."""
    import graphviz

    graph = graphviz.Digraph("dagrun", graph_attr=_graph_attrs(picture, dpi))
    graph.node_attr.update(
        fontname=style.FONT, fontsize="12", margin="0.16,0.07", penwidth="1.2", fontcolor=style.TEXT
    )
    graph.edge_attr.update(color=style.EDGE, arrowsize="0.7", penwidth="1.1")
    _add_boxes(graph, _tree(picture.boxes), ())
    for edge in picture.edges:
        graph.edge(edge.source, edge.target, **_edge_attrs(edge))
    return graph.source


def draw(source: str, fmt: str) -> bytes:
    """``source`` laid out and drawn by graphviz's ``dot`` program as ``fmt`` bytes.

    Raises:
        DagrunError: ``dot`` is not installed (with how to install it), or it failed.
    """
    import graphviz

    try:
        return graphviz.pipe("dot", fmt, source.encode(), quiet=True)
    except graphviz.ExecutableNotFound:
        raise DagrunError(
            f"graphviz's `dot` program is needed for {fmt} pictures and is not on PATH",
            hint=INSTALL_HINT,
        ) from None  # graphviz's own message only repeats ours
    except graphviz.CalledProcessError as error:
        detail = (error.stderr or b"").decode(errors="replace").strip()
        raise DagrunError(f"`dot` could not draw the picture: {detail}") from error


def _graph_attrs(picture: Picture, dpi: int | None) -> dict[str, str]:
    attrs = {
        "rankdir": picture.orient,
        "fontname": style.FONT,
        "fontsize": "11",
        "fontcolor": style.MUTED,
        "bgcolor": "white",
        "pad": "0.3",
        "nodesep": "0.3",
        "ranksep": "0.55",
        "label": _legend(picture),
        "labelloc": "b",
        "labeljust": "r",
        **dot_settings(len(picture.boxes)),
    }
    if dpi is not None:
        attrs["dpi"] = str(dpi)
    return attrs


# ---- nodes and clusters -------------------------------------------------------


def _tree(boxes: Iterable[Box]) -> dict[tuple[str, ...], list[Box]]:
    """Boxes by the namespace path they are drawn in (``()`` is the top level)."""
    tree: dict[tuple[str, ...], list[Box]] = {}
    for box in boxes:
        for depth in range(len(box.cluster) + 1):
            tree.setdefault(box.cluster[:depth], [])
        tree[box.cluster].append(box)
    return tree


def _add_boxes(graph: Any, tree: dict[tuple[str, ...], list[Box]], path: tuple[str, ...]) -> None:
    for box in tree[path]:
        graph.node(box.id, label=_label(box), tooltip=_plain(box.tooltip), **_box_attrs(box))
    for child in [key for key in tree if len(key) == len(path) + 1 and key[: len(path)] == path]:
        with graph.subgraph(name="cluster_" + ".".join(child)) as cluster:
            cluster.attr(
                label=child[-1],
                style="rounded,filled",
                fillcolor=style.CLUSTER_FILL,
                color=style.CLUSTER_LINE,
                fontcolor=style.MUTED,
                fontsize="12",
                labelloc="t",
                labeljust="l",
                tooltip=f"namespace {'.'.join(child)}",
            )
            _add_boxes(cluster, tree, child)


def _box_attrs(box: Box) -> dict[str, str]:
    look = style.KINDS[box.kind]
    words = look.style.split(",")
    fill, line = look.fill, look.line
    if box.output:
        fill, line = style.KINDS["output"].fill, style.KINDS["output"].line
    if box.run is not None:
        status = style.STATUSES[box.run.status]
        fill, line = status.fill, status.line
        words += [word for word in status.style.split(",") if word not in words]
    if box.faded:
        fill, line = style.FADED_FILL, style.FADED_LINE
    attrs = {"shape": look.shape, "style": ",".join(words), "fillcolor": fill, "color": line}
    if box.output or "bold" in words:  # an explicit penwidth would undo "bold"
        attrs["penwidth"] = "2.6"
    return attrs


def _label(box: Box) -> str:
    """``<b>name</b>`` over smaller grey lines (type, value, run status)."""
    title_colour = style.FADED_TEXT if box.faded else style.TEXT
    line_colour = style.FADED_TEXT if box.faded else style.MUTED
    parts = [f'<font color="{title_colour}"><b>{html.escape(box.title)}</b></font>']
    parts += [
        f'<font point-size="10" color="{line_colour}">{html.escape(line)}</font>'
        for line in box.lines
    ]
    return "<" + "<br/>".join(parts) + ">"


def _plain(text: str) -> str:
    """Text for a quoted DOT attribute: backslashes kept literal (DOT reads ``\\N``, ``\\l``)."""
    return text.replace("\\", "\\\\")


def _edge_attrs(edge: Edge) -> dict[str, str]:
    attrs: dict[str, str] = {}
    if edge.kind == "fan_out":
        attrs.update(arrowhead="crow", color=style.KINDS["parallel"].line)
    elif edge.kind == "fan_in":
        attrs.update(dir="both", arrowtail="crow", color=style.KINDS["collect"].line)
    if edge.kind != "plain":
        attrs.update(penwidth="1.8", arrowsize="0.9")
    if edge.faded:
        attrs["color"] = style.FADED_LINE
    return attrs


# ---- legend -------------------------------------------------------------------


def _legend(picture: Picture) -> str:
    """The legend as one HTML table row under the picture: kinds, run statuses, settings.

    One row, because dot widens cells to their column: stacked rows of different
    swatches would stretch each other.
    """
    kinds = [style.KINDS[key] for key in picture.legend if key in style.KINDS]
    statuses = [style.STATUSES[key] for key in picture.legend if key in style.STATUSES]
    cells = _legend_cells("nodes", kinds) + _legend_cells("this run", statuses)
    config = style.KINDS["config"]
    cells += _legend_cells("config", [replace(config, label=text) for text in picture.settings])
    row = "<tr>" + "".join(cells) + "</tr>"
    if picture.note:
        span = len(cells)
        row += f'<tr><td colspan="{span}" align="right">{html.escape(picture.note)}</td></tr>'
    return '<<table border="0" cellspacing="3" cellpadding="3">' + row + "</table>>"


def _legend_cells(title: str, looks: Sequence[style.Look]) -> list[str]:
    if not looks:
        return []
    cells = [f'<td align="right"><i>{title}</i></td>']
    cells += [
        f'<td border="1" color="{look.line}" bgcolor="{look.fill}">{html.escape(look.label)}</td>'
        for look in looks
    ]
    return cells
