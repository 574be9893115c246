"""Hooks: the one way anything watches a run, refuses a graph, or shapes a result.

A hook is an object with any of ``before_run``, ``before_node``, ``after_node``
and ``after_run`` (subclass ``Hook`` and override what you need). dagrun's own
progress display, run record and event stream are hooks like any user's.

What a hook does not override costs nothing: the methods each hook defines are
looked up once per run, and a run whose hooks watch no node runs the executor's
unobserved fast path. Executors may call node hooks from worker threads (one
call at a time per hook is not promised), so a hook that keeps state locks it.

``GraphValidator`` refuses a graph when the driver is built; ``ResultBuilder``
turns the requested outputs into the value ``execute`` returns; ``NodeWrapper``
changes what a node calls, where the node runs, for every run of the driver.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any

from dagrun.executors.events import Event, NodeWatch, Observer

if TYPE_CHECKING:
    from dagrun.errors import DagrunError
    from dagrun.graph import Graph
    from dagrun.node import Node

__all__ = [
    "Event",
    "GraphValidator",
    "Hook",
    "NodeWrapper",
    "ResultBuilder",
    "RunEnd",
    "RunStart",
]


@dataclass(frozen=True, slots=True)
class RunStart:
    """What a run was asked to do, handed to ``before_run`` and ``after_run``."""

    run_id: str
    outputs: tuple[str, ...]
    nodes: tuple[str, ...]  # the nodes the plan will run, in order
    inputs: tuple[str, ...]  # names of the supplied inputs
    overrides: tuple[str, ...]
    executor: str
    graph: Graph = field(repr=False)


@dataclass(frozen=True, slots=True)
class RunEnd:
    """How a run ended: ``success``, ``failed`` or ``interrupted``, and what it made."""

    status: str
    errors: Mapping[str, DagrunError]
    outputs: Mapping[str, Any]  # the requested outputs that were computed
    duration_s: float

    @property
    def ok(self) -> bool:
        return self.status == "success"


class Hook:
    """Base class for run and node hooks: every method does nothing until overridden.

    ``event.kind`` is ``started`` in ``before_node`` and one of ``done``,
    ``cached``, ``failed`` or ``skipped`` in ``after_node``; ``event.value``
    is the result on ``done`` (in this process), ``event.error`` the error on
    ``failed``; ``event.item`` numbers the item of a parallel block. ``node``
    has the name, tags, dependencies (``node.deps``), type, doc and origin.
    """

    def before_run(self, run: RunStart) -> None:
        """Called once, after the plan is made and before any node runs."""

    def before_node(self, event: Event, node: Node) -> None:
        """Called as a node starts."""

    def after_node(self, event: Event, node: Node) -> None:
        """Called as a node ends, whatever became of it."""

    def after_run(self, run: RunStart, end: RunEnd) -> None:
        """Called once, after the run ended (outputs written, record saved)."""


class GraphValidator:
    """Refuses a graph when the driver is built: return a message to refuse, None to accept."""

    def validate_node(self, node: Node) -> str | None:
        return None

    def validate_graph(self, graph: Graph) -> str | None:
        return None


class ResultBuilder:
    """Turns ``{output name: value}`` into what ``Driver.execute`` returns."""

    def build_result(self, outputs: dict[str, Any]) -> Any:
        return outputs


class NodeWrapper:
    """Puts a callable around nodes' functions when the driver is built.

    ``wrap_node`` returns what to call in place of ``node.callable`` (with the
    same arguments), or None to leave the node as it is. The wrapper runs where
    the node runs, so it sees the node's argument values and its result even on
    processes or Dask workers: it must pickle (with cloudpickle) and keep no
    state it expects to read back in the calling process. Only a driver's own
    hooks wrap; ``run(hooks=...)`` comes too late.
    """

    def wrap_node(self, node: Node) -> Callable[..., Any] | None:
        return None


def wrapped(hooks: Sequence[object], nodes: Sequence[Node]) -> list[Node]:
    """``nodes`` with each wrapper among ``hooks`` around their callables, the first innermost."""
    wrappers = [hook for hook in hooks if isinstance(hook, NodeWrapper)]
    if not wrappers:
        return list(nodes)
    result = []
    for node in nodes:
        for wrapper in wrappers:
            call = wrapper.wrap_node(node)
            if call is not None:
                node = replace(node, callable=call)
        result.append(node)
    return result


def _overrides(hook: object, name: str) -> bool:
    """Whether ``hook`` has a ``name`` of its own (not ``Hook``'s no-op)."""
    method = getattr(type(hook), name, None)
    return method is not None and method is not getattr(Hook, name)


def run_hooks(hooks: Sequence[object], name: str) -> list[Callable[..., None]]:
    """The bound ``before_run``/``after_run`` methods the hooks define, in order."""
    return [getattr(hook, name) for hook in hooks if _overrides(hook, name)]


def node_observers(hooks: Sequence[object], nodes: Mapping[str, Node]) -> list[Observer]:
    """One executor observer per hook that watches nodes; none for hooks that do not."""
    observers: list[Observer] = []
    for hook in hooks:
        before = hook.before_node if _overrides(hook, "before_node") else None  # type: ignore[attr-defined]
        after = hook.after_node if _overrides(hook, "after_node") else None  # type: ignore[attr-defined]
        if before is not None or after is not None:
            observers.append(NodeWatch(before, after, nodes))
    return observers


def validate(hooks: Sequence[object], graph: Graph) -> list[str]:
    """What the validators among ``hooks`` refuse in ``graph``: ``node: message`` lines."""
    problems: list[str] = []
    for hook in hooks:
        if not isinstance(hook, GraphValidator) and not hasattr(hook, "validate_graph"):
            continue
        check_node = getattr(hook, "validate_node", None)
        if check_node is not None:
            for node in graph.nodes.values():
                message = check_node(node)
                if message:
                    where = f"{node.origin.file}:{node.origin.line}"
                    problems.append(f"{node.name} ({where}): {message}")
        message = hook.validate_graph(graph)  # type: ignore[attr-defined]
        if message:
            problems.append(message)
    return problems


def result_builder(hooks: Sequence[object]) -> ResultBuilder | None:
    """The last hook that builds results, if any."""
    builders = [hook for hook in hooks if hasattr(hook, "build_result")]
    return builders[-1] if builders else None  # type: ignore[return-value]
