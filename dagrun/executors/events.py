"""Events executors report, and the outcome of running a plan.

Observers (progress display, run record, cache writer) are plain callables that
take an ``Event``; an executor gathers them once per run and calls each directly,
so every executor reports the same way and none knows who listens.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from dagrun.errors import DagrunError

STARTED, DONE, FAILED, CACHED, SKIPPED = "started", "done", "failed", "cached", "skipped"


@dataclass(slots=True)
class Event:
    """Something that happened to one node during a run; treat it as read-only.

    Not frozen: a frozen dataclass sets each field through ``object.__setattr__``,
    which made building the two events of every node the larger part of a
    watched run's cost.
    """

    kind: str  # started | done | failed | cached | skipped
    node: str
    step: int
    duration_s: float = 0.0
    error: DagrunError | None = None
    value: Any = None  # the node's result, on ``done`` (for cache writers)
    attempts: int = 1  # calls made, retries included
    waited_s: float = 0.0  # time spent in retry backoff, inside ``duration_s``
    item: int | None = None  # the item's position, for a node inside a parallel block


Observer = Callable[[Event], None]
NodeMethod = Callable[[Event, Any], None]  # a hook's before_node / after_node: (event, node)


class NodeWatch:
    """An observer made of a hook's node methods.

    Executors that only have the event call it like any observer; one that
    holds the step (the sequential loop) calls ``before`` / ``after`` with the
    node directly and skips a lookup and a call per event.
    """

    __slots__ = ("after", "before", "nodes")

    def __init__(
        self, before: NodeMethod | None, after: NodeMethod | None, nodes: Mapping[str, Any]
    ) -> None:
        self.before, self.after, self.nodes = before, after, nodes

    def __call__(self, event: Event) -> None:
        method = self.before if event.kind == STARTED else self.after
        if method is not None:
            method(event, self.nodes[event.node])


def node_methods(observers: Sequence[Observer]) -> tuple[list[NodeMethod], list[NodeMethod]]:
    """The ``(event, node)`` callables to tell of a node's start and of its end."""
    befores: list[NodeMethod] = []
    afters: list[NodeMethod] = []
    for observer in observers:
        if isinstance(observer, NodeWatch):
            if observer.before is not None:
                befores.append(observer.before)
            if observer.after is not None:
                afters.append(observer.after)
        else:
            befores.append(_ignoring_node(observer))
            afters.append(befores[-1])
    return befores, afters


def _ignoring_node(observer: Observer) -> NodeMethod:
    def call(event: Event, node: Any) -> None:
        observer(event)

    return call


@dataclass(slots=True)
class Outcome:
    """What a run produced: the slot values and the nodes that failed or were skipped."""

    values: list[Any]
    errors: dict[str, DagrunError] = field(default_factory=dict)
    skipped: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


def notify(observers: Sequence[Observer], event: Event) -> None:
    for observer in observers:
        observer(event)
