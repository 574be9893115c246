"""Plan: the nodes one request needs, in order, compiled to flat steps.

``compile_plan`` takes a ``Graph``, the requested outputs and the names whose
values the caller supplies (overrides, inputs, config), and works out — without
recursion — which nodes must run, in what order, where each value lives and when
it can be dropped. The result is a list of slots and a tuple of steps; executors
run it with values in a list indexed by slot, so the hot loop touches no graph,
no dict of kwargs and no networkx.

Where a name comes from, first match wins: an override, an input, a node, a
config value, the parameter's default. An override therefore short-circuits its
node and everything only that node needed.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from dagrun.errors import InputError
from dagrun.graph import Graph
from dagrun.node import Node

OVERRIDE, INPUT, CONFIG = "override", "input", "config"


@dataclass(frozen=True, slots=True)
class Step:
    """One node to run: where its arguments are, where its result goes, what to free."""

    node: Node
    args: tuple[int, ...]
    keywords: tuple[str, ...] | None  # parameter names when called by keyword, else None
    out: int
    release: tuple[int, ...]
    index: int = 0

    @property
    def name(self) -> str:
        return self.node.name

    def call(self, values: Sequence[Any]) -> Any:
        """Run the node on the values it needs."""
        if self.keywords is None:
            return self.node.callable(*[values[slot] for slot in self.args])
        return self.node.callable(
            **{key: values[slot] for key, slot in zip(self.keywords, self.args, strict=True)}
        )


@dataclass(frozen=True, slots=True)
class Seed:
    """A value supplied from outside: an override, an input or a config value."""

    name: str
    slot: int
    source: str
    checks: tuple[tuple[Any, Node], ...]  # (declared annotation, consumer) to check it against


@dataclass(frozen=True, slots=True)
class Plan:
    """Everything an executor needs to compute ``outputs``, and nothing else."""

    steps: tuple[Step, ...]
    seeds: tuple[Seed, ...]
    outputs: tuple[tuple[str, int], ...]
    slots: Mapping[str, int]
    size: int
    calls: tuple[
        tuple[Callable[..., Any], tuple[int, ...], tuple[str, ...] | None, int, tuple[int, ...]],
        ...,
    ]

    @property
    def names(self) -> list[str]:
        """The nodes this plan runs, in order."""
        return [step.name for step in self.steps]

    def consumers(self) -> dict[int, list[int]]:
        """For each slot, the indexes of the steps reading it (for event-driven executors)."""
        readers: dict[int, list[int]] = {}
        for step in self.steps:
            for slot in step.args:
                readers.setdefault(slot, []).append(step.index)
        return readers


def compile_plan(
    graph: Graph,
    outputs: Sequence[str],
    overrides: Collection[str] = (),
    inputs: Collection[str] = (),
) -> Plan:
    """The plan that computes ``outputs`` from the given names.

    Args:
        graph: the validated graph.
        outputs: the names to compute, in the order results are returned.
        overrides: names whose values the caller supplies in place of their nodes.
        inputs: names of the external inputs the caller supplies.

    Raises:
        InputError: an output is unknown, or required inputs are missing (all of
            them are named at once).
    """
    for name in outputs:
        if name not in overrides and name not in inputs:
            graph.require(name)
    sources, order, missing = _walk(graph, outputs, overrides, inputs)
    if missing:
        raise _missing_inputs_error(missing, inputs, graph)
    return _compile(graph, outputs, sources, order)


def _source_of(
    name: str, graph: Graph, overrides: Collection[str], inputs: Collection[str]
) -> str | None:
    if name in overrides:
        return OVERRIDE
    if name in inputs:
        return INPUT
    if name in graph.nodes:
        return "node"
    if name in graph.config:
        return CONFIG
    return None


def _walk(
    graph: Graph, outputs: Sequence[str], overrides: Collection[str], inputs: Collection[str]
) -> tuple[dict[str, str], list[str], dict[str, list[str]]]:
    """Sources of every needed name, the nodes in dependency order, what is missing."""
    sources: dict[str, str] = {}
    order: list[str] = []
    missing: dict[str, list[str]] = {}
    for output in outputs:
        stack: list[tuple[str, bool]] = [(output, False)]
        while stack:
            name, expanded = stack.pop()
            if expanded:
                order.append(name)
                continue
            if name in sources:
                continue
            source = _source_of(name, graph, overrides, inputs)
            if source is None:
                missing.setdefault(name, [])
                continue
            sources[name] = source
            if source != "node":
                continue
            stack.append((name, True))
            node = graph.nodes[name]
            available = []
            for dep in node.deps:
                if _source_of(dep.name, graph, overrides, inputs) is not None:
                    available.append((dep.name, False))
                elif dep.required:
                    missing.setdefault(dep.name, []).append(name)
            stack.extend(reversed(available))
    return sources, order, missing


def _compile(
    graph: Graph, outputs: Sequence[str], sources: dict[str, str], order: list[str]
) -> Plan:
    slots: dict[str, int] = {}
    for name in sources:
        if sources[name] != "node":
            slots[name] = len(slots)
    for name in order:
        slots[name] = len(slots)
    wired: list[tuple[Node, tuple[int, ...], tuple[str, ...] | None]] = []
    checks: dict[str, list[tuple[Any, Node]]] = {}
    for name in order:
        node = graph.nodes[name]
        used = [
            (param, dep)
            for param, dep in zip(node.params, node.deps, strict=True)
            if dep.name in slots
        ]
        args = tuple(slots[dep.name] for _, dep in used)
        by_keyword = len(used) < len(node.deps) or not node.positional
        wired.append((node, args, tuple(param for param, _ in used) if by_keyword else None))
        for _, dep in used:
            if sources[dep.name] != "node":
                checks.setdefault(dep.name, []).append((dep.annotation, node))
    keep = {slots[name] for name in outputs}
    last_reader: dict[int, int] = {}
    for index, (_, args, _) in enumerate(wired):
        for slot in args:
            last_reader[slot] = index
    releases: list[list[int]] = [[] for _ in wired]
    for slot, index in last_reader.items():
        if slot not in keep:
            releases[index].append(slot)
    steps = tuple(
        Step(node, args, keywords, slots[node.name], tuple(releases[index]), index)
        for index, (node, args, keywords) in enumerate(wired)
    )
    seeds = tuple(
        Seed(name, slots[name], source, tuple(checks.get(name, ())))
        for name, source in sources.items()
        if source != "node"
    )
    return Plan(
        steps=steps,
        seeds=seeds,
        outputs=tuple((name, slots[name]) for name in outputs),
        slots=slots,
        size=len(slots),
        calls=tuple(
            (step.node.callable, step.args, step.keywords, step.out, step.release) for step in steps
        ),
    )


def _missing_inputs_error(
    missing: Mapping[str, list[str]], given: Collection[str], graph: Graph
) -> InputError:
    parts = []
    hints = []
    for name, consumers in missing.items():
        needed_by = f" (needed by {', '.join(repr(c) for c in consumers)})" if consumers else ""
        parts.append(f"'{name}'{needed_by}")
        unused = [g for g in given if g not in graph]
        for near in difflib.get_close_matches(name, unused, n=1):
            hints.append(f"'{near}' was given: did you mean '{name}'?")
    first = next(iter(missing))
    consumer = graph.nodes.get((missing[first] or [""])[0])
    noun = "input" if len(missing) == 1 else "inputs"
    return InputError(
        f"missing {noun}: {', '.join(parts)}",
        node=first,
        origin=consumer.origin if consumer else None,
        hint="; ".join(hints)
        or "pass them as inputs (-i NAME=VALUE, or `inputs:` in the run file)",
    )
