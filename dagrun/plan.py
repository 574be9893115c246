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

A ``Parallelizable`` block compiles to one step that carries a ``Block``: a
plan of its own, run once per item with the item and the outer values it reads
as seeds. The step's result slot is the collected name's, holding the per-item
results as a list, so the collecting node is an ordinary step reading it.
"""

from __future__ import annotations

import difflib
import itertools
from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass, field
from functools import partial
from operator import itemgetter
from typing import Any

from dagrun.blocks import BlockShape, find_blocks
from dagrun.errors import GraphError, InputError
from dagrun.graph import Graph
from dagrun.node import Node

OVERRIDE, INPUT, CONFIG = "override", "input", "config"
ITEM, OUTER = "item", "outer"  # seeds of a block's per-item plan
STEERING = ("retry", "timeout")  # Node.meta keys an executor must act on


@dataclass(frozen=True, slots=True)
class Step:
    """One node to run: where its arguments are, where its result goes, what to free."""

    node: Node
    args: tuple[int, ...]
    keywords: tuple[str, ...] | None  # parameter names when called by keyword, else None
    out: int
    release: tuple[int, ...]
    index: int = 0
    fn: Callable[..., Any] | None = None  # what to call, when not ``node.callable``
    block: Block | None = None  # a fan-out step: run ``block.plan`` once per item

    @property
    def name(self) -> str:
        return self.node.name

    def call(self, values: Sequence[Any]) -> Any:
        """Run the node on the values it needs."""
        return self.call_with([values[slot] for slot in self.args])

    def call_with(self, arguments: Sequence[Any]) -> Any:
        """Run the node on its argument values, given in ``args`` order."""
        fn = self.fn or self.node.callable
        if self.keywords is None:
            return fn(*arguments)
        return fn(**dict(zip(self.keywords, arguments, strict=True)))


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
    calls: tuple[Call, ...]
    plain: bool = True  # no blocks, retries or timeouts: ``calls`` alone runs the plan
    serial: bool = False  # each step reads the one before: never two ready at once
    # What executors derive from the plan once and reuse on every run of it (plans are memoised).
    derived: dict[Any, Any] = field(default_factory=dict, init=False, compare=False, repr=False)

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


@dataclass(frozen=True, slots=True)
class Block:
    """The per-item part of a fan-out: its plan, and which of its seeds is the item.

    ``plan.seeds`` line up with the block step's ``args``: the ``ITEM`` seed reads
    the Parallelizable's list of items, the ``OUTER`` seeds the values the block
    reads from outside. ``plan.outputs`` is the one collected name.
    """

    source: str
    collector: str
    plan: Plan

    def seed_values(self, item: Any, arguments: Sequence[Any]) -> list[Any]:
        """The per-item plan's slot list for ``item``, given the block step's argument values."""
        values: list[Any] = [None] * self.plan.size
        for seed, value in zip(self.plan.seeds, arguments, strict=True):
            values[seed.slot] = item if seed.source == ITEM else value
        return values


def compile_plan(
    graph: Graph,
    outputs: Sequence[str],
    overrides: Collection[str] = (),
    inputs: Collection[str] = (),
    blocks: Sequence[BlockShape] | None = None,
) -> Plan:
    """The plan that computes ``outputs`` from the given names.

    Args:
        graph: the validated graph.
        outputs: the names to compute, in the order results are returned.
        overrides: names whose values the caller supplies in place of their nodes.
        inputs: names of the external inputs the caller supplies.
        blocks: the graph's parallel blocks, when the caller has found them already.

    Raises:
        InputError: an output is unknown, or required inputs are missing (all of
            them are named at once).
        GraphError: an output runs once per item inside a parallel block.
    """
    for name in outputs:
        if name not in overrides and name not in inputs:
            graph.require(name)
    shapes = find_blocks(graph) if blocks is None else blocks
    _check_not_inside_block(graph, outputs, shapes)
    sources, order, missing = _walk(graph, outputs, overrides, inputs)
    if missing:
        for name in missing:
            if name in graph.unresolved:  # no config variant made it: say why
                raise graph.unresolved[name]
        raise _missing_inputs_error(missing, inputs, graph)
    return _compile(graph, outputs, sources, order, shapes)


def _check_not_inside_block(
    graph: Graph, outputs: Sequence[str], shapes: Sequence[BlockShape]
) -> None:
    for shape in shapes:
        for name in outputs:
            if name in shape.inner:
                raise GraphError(
                    f"'{name}' runs once per item of Parallelizable '{shape.source}' "
                    "and has no single value to return",
                    node=name,
                    origin=graph.nodes[name].origin,
                    hint=f"request '{shape.collector}', which collects the block, "
                    f"or a node after it",
                )


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


_Wired = tuple[Node, tuple[int, ...], tuple[str, ...] | None, Block | None]


def _compile(
    graph: Graph,
    outputs: Sequence[str],
    sources: dict[str, str],
    order: list[str],
    shapes: Sequence[BlockShape] = (),
) -> Plan:
    """Slots, wiring and releases for ``order``; each block's inner nodes become one step."""
    block_of = {name: shape for shape in shapes for name in shape.inner}
    order = [name for name in order if name not in block_of or block_of[name].collected == name]
    slots: dict[str, int] = {}
    for name in sources:
        if sources[name] != "node":
            slots[name] = len(slots)
    for name in order:
        slots[name] = len(slots)
    wired: list[_Wired] = []
    checks: dict[str, list[tuple[Any, Node]]] = {}
    for name in order:
        node = graph.nodes[name]
        if name in block_of:
            block = _compile_block(graph, block_of[name], sources)
            wired.append((node, tuple(slots[s.name] for s in block.plan.seeds), None, block))
            continue
        used = [
            (param, dep)
            for param, dep in zip(node.params, node.deps, strict=True)
            if dep.name in slots
        ]
        args = tuple(slots[dep.name] for _, dep in used)
        by_keyword = len(used) < len(node.deps) or not node.positional
        wired.append((node, args, tuple(param for param, _ in used) if by_keyword else None, None))
        for _, dep in used:
            if sources[dep.name] != "node":
                checks.setdefault(dep.name, []).append((dep.annotation, node))
    steps = _steps(wired, slots, _releases(wired, {slots[name] for name in outputs}), shapes)
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
        calls=plain_calls(steps),
        plain=not any(step.block or _steered(step.node) for step in steps),
        serial=_serial(steps),
    )


Call = tuple[
    Callable[..., Any],  # what to call
    Callable[[Sequence[Any]], Sequence[Any]],  # gathers its argument values from the slot list
    tuple[str, ...] | None,  # parameter names when called by keyword
    int,  # the result's slot
    tuple[int, ...],  # slots to free after it
]


def plain_calls(steps: Sequence[Step]) -> tuple[Call, ...]:
    """What the unobserved fast loop needs of each step, flat, with C-level argument gathering."""
    return tuple(
        (step.fn or step.node.callable, gatherer(step.args), step.keywords, step.out, step.release)
        for step in steps
    )


def gatherer(slots: Sequence[int]) -> Callable[[Sequence[Any]], Sequence[Any]]:
    """A C-level callable returning ``[values[s] for s in slots]`` as a sequence.

    ``itemgetter`` of one key returns the bare value, so one slot (and none) is a slice.
    """
    if len(slots) > 1:
        return itemgetter(*slots)
    if slots:
        return itemgetter(slice(slots[0], slots[0] + 1))
    return itemgetter(slice(0, 0))


def _serial(steps: Sequence[Step]) -> bool:
    """Whether no two steps can ever be ready together: executors gain nothing from workers."""
    return all(step.block is None for step in steps) and all(
        before.out in step.args for before, step in itertools.pairwise(steps)
    )


def _releases(wired: Sequence[_Wired], keep: set[int]) -> list[tuple[int, ...]]:
    """For each step, the slots it is the last reader of (outputs are kept)."""
    last_reader: dict[int, int] = {}
    for index, (_, args, _, _) in enumerate(wired):
        for slot in args:
            last_reader[slot] = index
    releases: list[list[int]] = [[] for _ in wired]
    for slot, index in last_reader.items():
        if slot not in keep:
            releases[index].append(slot)
    return [tuple(release) for release in releases]


def _steps(
    wired: Sequence[_Wired],
    slots: Mapping[str, int],
    releases: Sequence[tuple[int, ...]],
    shapes: Sequence[BlockShape],
) -> tuple[Step, ...]:
    fan_outs = {shape.source for shape in shapes}
    return tuple(
        Step(
            node,
            args,
            keywords,
            slots[node.name],
            releases[index],
            index,
            fn=_callable_of(node, block, fan_outs),
            block=block,
        )
        for index, (node, args, keywords, block) in enumerate(wired)
    )


def _callable_of(node: Node, block: Block | None, fan_outs: set[str]) -> Callable[..., Any] | None:
    if block is not None:
        return None  # executors run a block item by item
    return partial(_as_list, node.callable) if node.name in fan_outs else node.callable


def _as_list(fn: Callable[..., Any], *args: Any, **kwargs: Any) -> list[Any]:
    """Call a Parallelizable's function and draw all its items (a generator cannot travel)."""
    return list(fn(*args, **kwargs))


def _steered(node: Node) -> bool:
    meta = node.meta
    return bool(meta) and any(key in meta for key in STEERING)


def _compile_block(graph: Graph, shape: BlockShape, outer: Mapping[str, str]) -> Block:
    """The per-item plan of a block: its needed inner nodes, seeded by the item and outer values.

    Raises:
        InputError: overrides inside the block leave it without its items.
    """
    # Inner nodes the request computes (an overridden one is an outer value, like an input).
    needed = {
        name
        for name in graph.upstream([shape.collected]) & shape.inner
        if outer.get(name) == "node"
    }
    sources: dict[str, str] = {}
    order: list[str] = []
    for name in _dependency_order(graph, shape.collected, needed):
        for dep in graph.nodes[name].deps:
            if dep.name not in needed and dep.name in outer:
                sources[dep.name] = ITEM if dep.name == shape.source else OUTER
        order.append(name)
    if ITEM not in sources.values():
        raise InputError(
            f"the overrides inside the block of Parallelizable '{shape.source}' leave "
            f"'{shape.collected}' without items to run for",
            node=shape.collected,
            origin=graph.nodes[shape.collected].origin,
            hint=f"override '{shape.collected}' itself (a list, one value per item) "
            "or a node outside the block",
        )
    sources.update(dict.fromkeys(order, "node"))
    return Block(shape.source, shape.collector, _compile(graph, [shape.collected], sources, order))


def _dependency_order(graph: Graph, last: str, members: set[str]) -> list[str]:
    """``members`` upstream of ``last`` in an order where dependencies come first."""
    order: list[str] = []
    seen: set[str] = set()
    stack: list[tuple[str, bool]] = [(last, False)]
    while stack:
        name, expanded = stack.pop()
        if expanded:
            order.append(name)
        elif name not in seen and name in members:
            seen.add(name)
            stack.append((name, True))
            stack.extend((dep, False) for dep in reversed(graph.deps_of(name)))
    return order


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
        or "pass each as an input (-i NAME=VALUE, or `inputs:` in the run file)",
    )
