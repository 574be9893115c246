"""Pictures of a flow: a ``Graph`` (optionally with a run) to png, svg, pdf, dot or mermaid.

The work is split by job: ``model`` decides what the picture says, ``overlay``
reads a run record's node statuses, ``layout`` keeps big graphs fast and within
a node budget, ``dot`` and ``mermaid`` write the two syntaxes, ``style`` holds the
palette. ``render`` is the one entry point the CLI and ``Driver.visualize`` use.
Nothing here imports graphviz until a picture is drawn.
"""

from __future__ import annotations

from pathlib import Path

from dagrun.errors import InputError
from dagrun.graph import Graph
from dagrun.io.atomic import atomic_write
from dagrun.render.model import Picture, View, build_picture
from dagrun.render.overlay import NodeRun, runs_from_record

FORMATS = ("png", "svg", "pdf", "dot", "mermaid")
_EXTENSIONS = {".gv": "dot", ".mmd": "mermaid", ".mermaid": "mermaid", ".md": "mermaid"}
PNG_DPI = 144  # crisp on high-density screens, still small files

__all__ = [
    "FORMATS",
    "NodeRun",
    "Picture",
    "View",
    "build_picture",
    "format_for",
    "render",
    "render_bytes",
    "runs_from_record",
]


def format_for(path: Path | str, fmt: str | None = None) -> str:
    """The picture format: ``fmt`` when given, else the file's extension.

    Raises:
        InputError: the format is unknown or the extension does not name one.
    """
    if fmt is None:
        suffix = Path(path).suffix.lower()
        fmt = _EXTENSIONS.get(suffix, suffix.lstrip("."))
        if fmt not in FORMATS:
            raise InputError(
                f"cannot tell the picture format from '{path}'",
                hint=f"end the file name in .{', .'.join(FORMATS[:4])} or .mmd, "
                f"or pass --format ({' | '.join(FORMATS)})",
            )
    if fmt not in FORMATS:
        raise InputError(f"unknown picture format '{fmt}'", hint=f"use one of {', '.join(FORMATS)}")
    return fmt


def render_bytes(graph: Graph, fmt: str, view: View | None = None) -> bytes:
    """The picture of ``graph`` as ``view`` asks for it, in ``fmt``, as bytes.

    Raises:
        DagrunError: png, svg or pdf was asked for and graphviz's ``dot`` is missing.
    """
    picture = build_picture(graph, view or View())
    if fmt == "mermaid":
        from dagrun.render.mermaid import to_mermaid

        return to_mermaid(picture).encode()
    from dagrun.render.dot import draw, to_dot

    if fmt == "dot":
        return to_dot(picture).encode()
    return draw(to_dot(picture, PNG_DPI if fmt == "png" else None), fmt)


def render(
    graph: Graph, path: Path | str, fmt: str | None = None, view: View | None = None
) -> Path:
    """Write the picture of ``graph`` to ``path``; the format follows the extension.

    The file is written whole to a temporary name beside ``path`` and renamed into
    place (``dagrun.io.atomic``), so a failed render leaves no half-written picture.
    """
    path = Path(path)
    fmt = format_for(path, fmt)
    data = render_bytes(graph, fmt, view)
    if fmt == "mermaid" and path.suffix.lower() == ".md":  # a Markdown file needs the fence
        data = b"```mermaid\n" + data + b"```\n"
    atomic_write(path, lambda handle: handle.write(data))
    return path
