"""Hamilton's lifecycle classes: subclass them as in Hamilton, pass them as adapters.

The driver adapts each onto dagrun's hooks (``dagrun.hamilton.lifecycle.adapt``):
node hooks watch dagrun's node events, node execution methods wrap the nodes'
functions, validators refuse the graph when the driver is built, result builders
shape what ``execute`` returns, graph hooks are called by the driver around each
run. Hooks run in the calling process, also when the executor runs nodes
elsewhere; node execution methods run where the node runs.
"""

from __future__ import annotations

import abc
from collections.abc import Collection
from typing import Any

from dagrun.hamilton._support import refusing
from dagrun.hamilton.graph_types import HamiltonGraph, HamiltonNode
from dagrun.hamilton.lifecycle.base import LifecycleAdapter

__all__ = [
    "GraphAdapter",
    "GraphConstructionHook",
    "GraphExecutionHook",
    "LegacyResultMixin",
    "NodeExecutionHook",
    "NodeExecutionMethod",
    "ResultBuilder",
    "StaticValidator",
]


class ResultBuilder(LifecycleAdapter, abc.ABC):
    """Turns the requested outputs, passed as keyword arguments, into what ``execute`` returns."""

    @abc.abstractmethod
    def build_result(self, **outputs: Any) -> Any:
        """The result of a run made of its outputs."""

    def input_types(self) -> list[type]:
        return [Any]  # type: ignore[list-item]

    def output_type(self) -> Any:
        return Any


class LegacyResultMixin(ResultBuilder, abc.ABC):
    """Hamilton's older result builder, whose ``build_result`` is a static method."""

    @staticmethod
    def build_result(**outputs: Any) -> Any:  # type: ignore[override]
        """The result of a run made of its outputs."""


class GraphAdapter(LegacyResultMixin, abc.ABC):
    """Hamilton's older all-in-one adapter. dagrun runs the nodes and checks the types
    itself, so only the result building of a subclass is used; a subclass that
    overrides ``execute_node`` is refused when the driver is built."""

    def execute_node(self, node: Any, kwargs: dict[str, Any]) -> Any:
        """Not called: dagrun's executor calls the node's function."""
        raise NotImplementedError("dagrun's executor runs the nodes")


class NodeExecutionHook(LifecycleAdapter, abc.ABC):
    """Called before and after each node runs.

    In dagrun ``node_kwargs`` is always empty: node events carry no input values
    (see ``docs/hamilton.md``). ``result`` is the node's value where the executor
    hands it back to this process (sequential, threads; not processes or Dask).
    """

    @abc.abstractmethod
    def run_before_node_execution(
        self,
        *,
        node_name: str,
        node_tags: dict[str, Any],
        node_kwargs: dict[str, Any],
        node_return_type: type,
        task_id: str | None,
        run_id: str,
        node_input_types: dict[str, Any],
        **future_kwargs: Any,
    ) -> None:
        """Called as a node starts."""

    @abc.abstractmethod
    def run_after_node_execution(
        self,
        *,
        node_name: str,
        node_tags: dict[str, Any],
        node_kwargs: dict[str, Any],
        node_return_type: type,
        result: Any,
        error: Exception | None,
        success: bool,
        task_id: str | None,
        run_id: str,
        **future_kwargs: Any,
    ) -> None:
        """Called as a node ends, with its result or its error."""


class NodeExecutionMethod(LifecycleAdapter, abc.ABC):
    """Runs each node: called with the node's function and inputs, returns its value.

    dagrun puts it around the node's function where the node runs (a worker
    too), so it must pickle. ``node_callable`` takes the inputs by name; for a
    ``Parallelizable`` node it returns the items as a list, and its
    ``keywords["_callable"]`` is the function that yields them. ``task_id`` is
    always None. dagrun also passes ``node_return_type`` and ``node_input_types``.
    """

    @abc.abstractmethod
    def run_to_execute_node(
        self,
        *,
        node_name: str,
        node_tags: dict[str, Any],
        node_callable: Any,
        node_kwargs: dict[str, Any],
        task_id: str | None,
        is_expand: bool,
        is_collect: bool,
        **future_kwargs: Any,
    ) -> Any:
        """The node's value, usually ``node_callable(**node_kwargs)``."""


class GraphExecutionHook(LifecycleAdapter, abc.ABC):
    """Called before a run (before its request is checked) and after it (with the built result)."""

    @abc.abstractmethod
    def run_before_graph_execution(
        self,
        *,
        graph: HamiltonGraph,
        final_vars: list[str],
        inputs: dict[str, Any] | None,
        overrides: dict[str, Any] | None,
        execution_path: Collection[str],
        run_id: str,
        **future_kwargs: Any,
    ) -> None:
        """Called once before any node runs."""

    @abc.abstractmethod
    def run_after_graph_execution(
        self,
        *,
        graph: HamiltonGraph,
        success: bool,
        error: Exception | None,
        results: Any,
        run_id: str,
        **future_kwargs: Any,
    ) -> None:
        """Called once after the run, whether it succeeded or raised."""


class StaticValidator(LifecycleAdapter):
    """Refuses nodes or the whole graph when the driver is built; override either method."""

    def run_to_validate_node(
        self, *, node: HamiltonNode, **future_kwargs: Any
    ) -> tuple[bool, str | None]:
        """``(True, None)`` to accept the node, ``(False, message)`` to refuse it."""
        return True, None

    def run_to_validate_graph(
        self, graph: HamiltonGraph, **future_kwargs: Any
    ) -> tuple[bool, str | None]:
        """``(True, None)`` to accept the graph, ``(False, message)`` to refuse it."""
        return True, None


class GraphConstructionHook(LifecycleAdapter, abc.ABC):
    """Called once the driver has built (and validated) the graph."""

    @abc.abstractmethod
    def run_after_graph_construction(
        self, *, graph: HamiltonGraph, config: dict[str, Any], **future_kwargs: Any
    ) -> None:
        """Called with the graph and the config it was built with."""


_RUNS_ITS_OWN_TASKS = "dagrun's executors run nodes one by one, not as Hamilton tasks"

UNSUPPORTED = {
    "EdgeConnectionHook": "dagrun checks edge and input types itself; annotate the "
    "parameter with a wider type (or Any)",
    "TaskExecutionHook": _RUNS_ITS_OWN_TASKS + "; use a NodeExecutionHook",
    "TaskSubmissionHook": _RUNS_ITS_OWN_TASKS + "; use a NodeExecutionHook",
    "TaskReturnHook": _RUNS_ITS_OWN_TASKS + "; use a NodeExecutionHook",
    "TaskGroupingHook": _RUNS_ITS_OWN_TASKS + "; use a NodeExecutionHook",
}
__getattr__ = refusing(__name__, UNSUPPORTED)
