"""Hamilton's lifecycle objects on dagrun's hooks: each adapter is a dagrun hook
that calls the user's object with the arguments Hamilton would pass it.

Graph execution hooks are not here: Hamilton calls them before the request is
checked and hands them the built result, neither of which a dagrun run hook
sees, so the driver calls them itself around each run.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import partial
from types import ModuleType
from typing import Any

from dagrun import hints
from dagrun.executors.events import CACHED, DONE, FAILED, Event
from dagrun.graph import Graph
from dagrun.hamilton._support import UsageError
from dagrun.hamilton.graph_types import HamiltonGraph, HamiltonNode
from dagrun.hooks import GraphValidator, Hook, NodeWrapper, ResultBuilder
from dagrun.node import Node
from dagrun.parallel import COLLECT, PARALLEL, role_of


class NodeKwargs(dict):  # type: ignore[type-arg]
    """The empty ``node_kwargs`` dagrun passes: node events carry no input values.

    Reading a name says so rather than failing with a bare ``KeyError``.
    """

    def __missing__(self, key: str) -> Any:
        raise KeyError(
            f"{key!r}: dagrun passes no input values to node hooks (node_kwargs is "
            "always empty; see docs/hamilton.md)"
        )


def cause_of(error: BaseException | None) -> BaseException | None:
    """The node's own exception behind dagrun's error, as Hamilton hands it over."""
    if error is None:
        return None
    return error.__cause__ if error.__cause__ is not None else error


class NodeHookAdapter(Hook):
    """One run's calls of a Hamilton ``NodeExecutionHook``, from dagrun's node events.

    A node reused from the cache before the run started reports no start, so it
    gets no calls; a node Hamilton would not run (skipped) gets none either.
    """

    def __init__(self, hook: Any, run_id: str) -> None:
        self.hook = hook
        self.run_id = run_id
        self._started: set[tuple[str, int | None]] = set()
        self._lock = threading.Lock()

    def before_node(self, event: Event, node: Node) -> None:
        with self._lock:
            self._started.add((event.node, event.item))
        self.hook.run_before_node_execution(
            node_name=node.name,
            node_tags=_tags(node),
            node_kwargs=NodeKwargs(),
            node_return_type=hints.resolve(node.return_type, node.namespace),
            task_id=_task_id(event),
            run_id=self.run_id,
            node_input_types={
                dep.name: hints.resolve(dep.annotation, node.namespace) for dep in node.deps
            },
        )

    def after_node(self, event: Event, node: Node) -> None:
        with self._lock:
            started = (event.node, event.item) in self._started
            self._started.discard((event.node, event.item))
        if not started or event.kind not in (DONE, FAILED, CACHED):
            return
        failed = event.kind == FAILED
        self.hook.run_after_node_execution(
            node_name=node.name,
            node_tags=_tags(node),
            node_kwargs=NodeKwargs(),
            node_return_type=hints.resolve(node.return_type, node.namespace),
            result=None if failed else event.value,
            error=cause_of(event.error) if failed else None,
            success=not failed,
            task_id=_task_id(event),
            run_id=self.run_id,
        )


class MethodAdapter(NodeWrapper):
    """A Hamilton ``NodeExecutionMethod`` around every node's function."""

    def __init__(self, method: Any) -> None:
        self.method = method

    def wrap_node(self, node: Node) -> Callable[..., Any]:
        returns = hints.resolve(node.return_type, node.namespace)
        takes = {dep.name: hints.resolve(dep.annotation, node.namespace) for dep in node.deps}
        return MethodCall(
            self.method,
            node.callable,
            node.name,
            _tags(node),
            node.dep_names,
            dict(zip(node.params, node.dep_names, strict=True)),
            node.positional,
            returns,
            takes,
            is_expand=role_of(returns) == PARALLEL,
            is_collect=any(role_of(hint) == COLLECT for hint in takes.values()),
        )


def method_wrappers(methods: Sequence[Any], outer: tuple[type, ...]) -> list[MethodAdapter]:
    """The wrappers of a driver's node execution methods, those of the ``outer`` types outermost.

    Raises:
        UsageError: more than one method of the other types, which Hamilton refuses too.
    """
    inner = [method for method in methods if not isinstance(method, outer)]
    if len(inner) > 1:
        raise UsageError(
            "more than one NodeExecutionMethod: " + ", ".join(type(m).__name__ for m in inner),
            hint="pass one; it runs every node",
        )
    ordered = [*inner, *(method for method in methods if isinstance(method, outer))]
    return [MethodAdapter(method) for method in ordered]


@dataclass(frozen=True)
class MethodCall:
    """Calls a node through a ``NodeExecutionMethod`` with its inputs by name; it pickles."""

    method: Any
    fn: Callable[..., Any]
    name: str
    tags: dict[str, Any]
    inputs: tuple[str, ...]  # dependency names, in the order of positional calls
    input_of: dict[str, str]  # parameter name -> dependency name, for keyword calls
    positional: bool  # the function may take all its inputs in order
    returns: Any
    takes: dict[str, Any]
    is_expand: bool
    is_collect: bool

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        given = dict(zip(self.inputs, args, strict=True)) if args else {}
        given.update((self.input_of[param], value) for param, value in kwargs.items())
        call = partial(_by_name, self)
        return self.method.run_to_execute_node(
            node_name=self.name,
            node_tags=self.tags,
            node_callable=partial(_drawn, _callable=call) if self.is_expand else call,
            node_kwargs=given,
            task_id=None,
            is_expand=self.is_expand,
            is_collect=self.is_collect,
            node_return_type=self.returns,
            node_input_types=self.takes,
        )


def _by_name(call: MethodCall, **given: Any) -> Any:
    """The node's own function on inputs given by name: in order when all are there."""
    if call.positional and len(given) == len(call.inputs) and set(given) == set(call.inputs):
        return call.fn(*(given[name] for name in call.inputs))
    param_of = {name: param for param, name in call.input_of.items()}
    return call.fn(**{param_of[name]: value for name, value in given.items()})


def _drawn(*args: Any, _callable: Callable[..., Any], **kwargs: Any) -> list[Any]:
    """A Parallelizable node's items as a list (Hamilton's shape: ``keywords["_callable"]``)."""
    return list(_callable(*args, **kwargs))


class ValidatorAdapter(GraphValidator):
    """A Hamilton ``StaticValidator`` as a dagrun validator: ``(False, message)`` refuses.

    dagrun validates function nodes one by one; the external inputs, which Hamilton
    also hands to ``run_to_validate_node``, are checked with the graph.
    """

    def __init__(self, validator: Any, modules: Sequence[ModuleType] = ()) -> None:
        self.validator = validator
        self.modules = modules

    def validate_node(self, node: Node) -> str | None:
        view = HamiltonNode.from_node(node, self.modules)
        return _refusal(self.validator.run_to_validate_node(node=view), self.validator)

    def validate_graph(self, graph: Graph) -> str | None:
        """The graph's refusal, after those of the inputs: Hamilton validates them as nodes."""
        view = HamiltonGraph.from_graph(graph, self.modules)
        problems = []
        for node in view.nodes:
            if node.is_external_input:
                refused = _refusal(self.validator.run_to_validate_node(node=node), self.validator)
                if refused:
                    problems.append(f"{node.name}: {refused}")
        refused = _refusal(self.validator.run_to_validate_graph(graph=view), self.validator)
        if refused:
            problems.append(refused)
        return "\n  ".join(problems) or None


class ResultBuilderAdapter(ResultBuilder):
    """A Hamilton result builder (outputs as keyword arguments) as a dagrun one (a dict)."""

    def __init__(self, builder: Any) -> None:
        self.builder = builder

    def build_result(self, outputs: dict[str, Any]) -> Any:
        return self.builder.build_result(**outputs)


def _refusal(answer: tuple[bool, Any], validator: Any) -> str | None:
    accepted, message = answer
    if accepted:
        return None
    return str(message) if message else f"refused by {type(validator).__name__}"


def _tags(node: Node) -> dict[str, Any]:
    return {"module": node.origin.module, **node.tags}


def _task_id(event: Event) -> str | None:
    """Hamilton names a task only inside parallel blocks; dagrun numbers the block's items."""
    return None if event.item is None else f"{event.node}.{event.item}"
