"""The picture model: a ``Graph`` and a ``View`` to boxes, edges and a legend, format-free.

Everything a reader sees is decided here once — which kind each node is, what its
label says, what is faded, what a run did to it, what a namespace collapses into
— so the DOT and mermaid writers only spell the same ``Picture`` in their syntax.
"""

from __future__ import annotations

import os
import re
import reprlib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from dagrun import hints
from dagrun.errors import GraphError, InputError
from dagrun.graph import Graph
from dagrun.node import MISSING
from dagrun.render.layout import Shrunk, shrink
from dagrun.render.overlay import NodeRun
from dagrun.render.style import KINDS, STATUSES, kind_of_role

_VALUES = reprlib.Repr()
_VALUES.maxstring = 30
_VALUES.maxother = 30
_LINE_WIDTH = 40
ORIENTS = ("LR", "TB")
_QUALIFIERS = re.compile(r"\b(?:[A-Za-z_]\w*\.)+(?=[A-Za-z_])")  # "pandas.core.frame." in types


@dataclass(frozen=True, slots=True)
class View:
    """What to draw: the request, what to leave out, a run to overlay, the direction.

    ``outputs`` are the requested outputs: they and what they need (stopping at
    overrides) are highlighted, the rest faded, or left out with ``only_selected``.
    """

    outputs: tuple[str, ...] = ()
    inputs: Mapping[str, Any] = field(default_factory=dict)
    overrides: Mapping[str, Any] = field(default_factory=dict)
    only_selected: bool = False
    run: Mapping[str, NodeRun] | None = None
    orient: str = "LR"
    max_nodes: int | None = None

    def __post_init__(self) -> None:
        if self.orient not in ORIENTS:
            raise InputError(
                f"unknown orientation '{self.orient}'",
                hint="use LR (left to right) or TB (top to bottom)",
            )
        if self.max_nodes is not None and self.max_nodes < 1:
            raise InputError(f"--max-nodes must be at least 1, not {self.max_nodes}")


@dataclass(frozen=True, slots=True)
class Box:
    """One picture node: a graph node, an external input, or a collapsed namespace."""

    id: str
    title: str
    lines: tuple[str, ...]
    kind: str
    cluster: tuple[str, ...]  # the namespace path it is drawn inside
    tooltip: str
    faded: bool = False
    output: bool = False
    run: NodeRun | None = None


@dataclass(frozen=True, slots=True)
class Edge:
    """A dependency, drawn from producer to consumer."""

    source: str
    target: str
    kind: str = "plain"  # plain | fan_out (from a Parallelizable) | fan_in (into a Collect)
    faded: bool = False


@dataclass(frozen=True, slots=True)
class Picture:
    """A graph ready to be written in any format."""

    boxes: tuple[Box, ...]
    edges: tuple[Edge, ...]
    orient: str
    legend: tuple[str, ...]  # kinds present, then run statuses present
    note: str = ""
    settings: tuple[str, ...] = ()  # config values no node reads (they choose variants)


@dataclass(frozen=True, slots=True)
class _Scene:
    """What each box is decided from: the graph, the view, every name's kind, what is lit."""

    graph: Graph
    view: View
    kinds: Mapping[str, str]
    lit: frozenset[str] | None  # what the request needs; None: no request, nothing fades
    per_item: Mapping[str, str]  # node -> the Parallelizable it runs once per item of

    def faded(self, *names: str) -> bool:
        return self.lit is not None and not all(name in self.lit for name in names)


def build_picture(graph: Graph, view: View) -> Picture:
    """The picture of ``graph`` as ``view`` asks for it."""
    roles, per_item = _blocks(graph)
    kinds = _kinds(graph, view, roles)
    scene = _Scene(graph, view, kinds, _needed(graph, view), per_item)
    names = [name for name in kinds if not view.only_selected or not scene.faded(name)]
    deps = {name: graph.deps_of(name) for name in names}
    shrunk = shrink(names, deps, view.max_nodes, view.outputs)
    boxes = _boxes(scene, names, shrunk)
    edges = _edges(scene, names, deps, shrunk)
    shown = sum(1 for name in names if name not in shrunk.dropped)
    note = f"showing {shown:,} of {len(names):,} nodes" if shrunk.dropped else ""
    settings = tuple(
        _clip(f"{key} = {_VALUES.repr(value)}")
        for key, value in graph.config.items()
        if key not in kinds
    )
    return Picture(boxes, edges, view.orient, _legend(boxes), note, settings)


def _kinds(graph: Graph, view: View, roles: Mapping[str, str]) -> dict[str, str]:
    """Every name's kind, external inputs first (they start the flow)."""
    kinds = {  # an input wins over a config value of the same name, as in the plan
        name: "config" if name in graph.config and name not in view.inputs else "input"
        for name in graph.external
    }
    for name, node in graph.nodes.items():
        role = roles.get(name, node.role)
        kinds[name] = "override" if name in view.overrides else kind_of_role(role)
    return kinds


def _blocks(graph: Graph) -> tuple[dict[str, str], dict[str, str]]:
    """Fan-out and fan-in roles by node, and each per-item node's Parallelizable."""
    from dagrun.blocks import find_blocks

    try:
        shapes = find_blocks(graph)
    except GraphError:  # a block that cannot run still gets its picture: that is how it is fixed
        return {}, {}
    roles = {shape.source: "parallel" for shape in shapes}
    roles.update((shape.collector, "collect") for shape in shapes)
    per_item = {name: shape.source for shape in shapes for name in shape.inner}
    return roles, per_item


def _needed(graph: Graph, view: View) -> frozenset[str] | None:
    """What the requested outputs need, an override ending its branch; None: no request."""
    if not view.outputs:
        return None
    seen = set(view.outputs)
    stack = list(seen)
    while stack:
        name = stack.pop()
        if name in view.overrides:
            continue
        for dep in graph.deps_of(name):
            if dep not in seen:
                seen.add(dep)
                stack.append(dep)
    return frozenset(seen)


def _boxes(scene: _Scene, names: Sequence[str], shrunk: Shrunk) -> tuple[Box, ...]:
    boxes: dict[str, Box] = {}
    members: dict[str, list[str]] = {}
    for name in names:
        place = shrunk.place(name)
        if place == name:
            boxes[name] = _box(scene, name)
        elif place is not None:
            members.setdefault(place, []).append(name)
    for group, inside in members.items():
        boxes[group] = _group_box(scene, group, inside)
    return tuple(boxes.values())


def _box(scene: _Scene, name: str) -> Box:
    graph, view, kind = scene.graph, scene.view, scene.kinds[name]
    run = view.run.get(name) if view.run is not None else None
    lines = [_type_text(graph, name)]
    value = _value_of(graph, view, name, kind)
    if value is not None:
        lines.append(_clip(f"= {_VALUES.repr(value)}"))
    elif kind == "input" and (default := _default_of(graph, name)) is not MISSING:
        lines.append(_clip(f"default {_VALUES.repr(default)}"))
    if name in scene.per_item:
        lines.append(f"for each {scene.per_item[name]}")
    if run is not None:
        lines.append(run.caption())
    return Box(
        id=name,
        title=name.rsplit(".", 1)[-1],
        lines=tuple(line for line in lines if line),
        kind=kind,
        cluster=tuple(name.split(".")[:-1]),
        tooltip=_tooltip(graph, name, kind, run, value),
        faded=scene.faded(name),
        output=name in view.outputs,
        run=run,
    )


def _group_box(scene: _Scene, group: str, inside: Sequence[str]) -> Box:
    run_of = scene.view.run or {}
    runs = [run_of[name] for name in inside if name in run_of]
    run = _combined(runs) if runs else None
    lines = [f"{len(inside)} node{'s' if len(inside) > 1 else ''}"]
    if run is not None:
        lines.append(run.caption())
    listed = ", ".join(inside[:20]) + (", ..." if len(inside) > 20 else "")
    return Box(
        id=group,
        title=group,
        lines=tuple(lines),
        kind="group",
        cluster=(),
        tooltip=f"namespace '{group.removesuffix('.*')}' collapsed: {listed}",
        faded=all(scene.faded(name) for name in inside),
        output=any(name in scene.view.outputs for name in inside),
        run=run,
    )


def _combined(runs: Sequence[NodeRun]) -> NodeRun:
    """A collapsed namespace's run: its worst member status, its members' total time."""
    order = ("failed", "skipped", "not_run", "done", "cached")
    status = min((run.status for run in runs), key=order.index)
    return NodeRun(status, sum(run.duration_s or 0.0 for run in runs))


def _type_text(graph: Graph, name: str) -> str:
    node = graph.nodes.get(name)
    if node is not None:
        annotation, namespace = node.return_type, node.namespace
    else:
        external = graph.external[name]
        annotation = external.annotation
        namespace = graph.nodes[external.consumers[0]].namespace
    text = hints.describe(hints.resolve(annotation, namespace))
    return _clip(_QUALIFIERS.sub("", text))


def _clip(text: str) -> str:
    """One label line, cut to a width that keeps boxes compact (the tooltip has the rest)."""
    return text if len(text) <= _LINE_WIDTH else text[: _LINE_WIDTH - 3] + "..."


def _value_of(graph: Graph, view: View, name: str, kind: str) -> Any:
    if kind == "override":
        return view.overrides[name]
    if kind == "config":
        return graph.config[name]
    return view.inputs.get(name) if kind == "input" else None


def _default_of(graph: Graph, name: str) -> Any:
    """The default a consumer declares for external input ``name``, or ``MISSING``."""
    for consumer in graph.external[name].consumers:
        for dep in graph.nodes[consumer].deps:
            if dep.name == name and not dep.required:
                return dep.default
    return MISSING


def _tooltip(graph: Graph, name: str, kind: str, run: NodeRun | None, value: Any) -> str:
    node = graph.nodes.get(name)
    if node is None:
        users = ", ".join(graph.external[name].consumers)
        text = f"{KINDS[kind].label}, used by {users}"
        text += "" if value is None else f"\n= {value!r:.500}"
    else:
        text = (node.doc.strip() or f"{name} (no docstring)") + f"\n{_where(node.origin)}"
    if run is not None and run.error:
        text += f"\nerror: {run.error}"
    return text


def _where(origin: Any) -> str:
    """``file:line``, with the file relative to the working directory when inside it."""
    path = origin.file
    if os.path.isabs(path):
        relative = os.path.relpath(path)
        path = relative if not relative.startswith("..") else path
    return f"{path}:{origin.line}"


def _edges(
    scene: _Scene, names: Sequence[str], deps: Mapping[str, Iterable[str]], shrunk: Shrunk
) -> tuple[Edge, ...]:
    edges: dict[tuple[str, str], Edge] = {}
    shown = set(names)
    for target in names:
        for source in deps[target]:
            start, end = shrunk.place(source), shrunk.place(target)
            if source not in shown or start is None or end is None or start == end:
                continue
            kind = "fan_out" if scene.kinds[source] == "parallel" else "plain"
            kind = "fan_in" if scene.kinds[target] == "collect" else kind
            edges.setdefault((start, end), Edge(start, end, kind, scene.faded(source, target)))
    return tuple(edges.values())


def _legend(boxes: Iterable[Box]) -> tuple[str, ...]:
    kinds, statuses = set(), set()
    for box in boxes:
        kinds.add("faded" if box.faded else "output" if box.output else box.kind)
        if box.output and box.kind != "function":
            kinds.add(box.kind)
        if box.run is not None:
            statuses.add(box.run.status)
    return (
        *(kind for kind in KINDS if kind in kinds),
        *(status for status in STATUSES if status in statuses),
    )
