"""Hamilton's ready-made adapters that dagrun can honour.

``GracefulErrorAdapter`` and ``FunctionInputOutputTypeChecker`` are node
execution methods: they run around each node's function, where the node runs.
"""

from __future__ import annotations

import pprint
import threading
import time
from collections.abc import Callable, Mapping
from typing import Any

from dagrun import hints
from dagrun.hamilton._support import UsageError, refusing
from dagrun.hamilton.lifecycle.api import NodeExecutionHook, NodeExecutionMethod
from dagrun.modifiers.tags import ACCEPTS_SENTINELS, ERROR_SENTINEL_TAG, accept_error_sentinels

__all__ = [
    "FunctionInputOutputTypeChecker",
    "GracefulErrorAdapter",
    "PrintLn",
    "accept_error_sentinels",
]

NodeFilter = Callable[[str, dict[str, Any]], bool] | list[str] | str | None


class GracefulErrorAdapter(NodeExecutionMethod):
    """Turns a node's ``error_to_catch`` into ``sentinel_value`` instead of raising.

    A node given the sentinel as an input is not called and gives the sentinel,
    unless it is marked ``@accept_error_sentinels`` (and ``allow_injection``):
    then it is called with it. A ``Parallelizable`` that fails while yielding
    ends its items with the sentinel (``try_all_parallel``) or has the sentinel
    as its one item. Other errors are raised. The sentinel is told apart by type
    and ``==``, so choose one no real value equals.
    """

    def __init__(
        self,
        error_to_catch: type[BaseException],
        sentinel_value: Any = None,
        try_all_parallel: bool = True,
        allow_injection: bool = True,
    ) -> None:
        self.error_to_catch = error_to_catch
        self.sentinel_value = sentinel_value
        self.try_all_parallel = try_all_parallel
        self.allow_injection = allow_injection

    def run_to_execute_node(
        self,
        *,
        node_tags: dict[str, Any],
        node_callable: Any,
        node_kwargs: dict[str, Any],
        is_expand: bool,
        **future_kwargs: Any,
    ) -> Any:
        """The node's value, or the sentinel when it fails or an input is the sentinel."""
        injected = self.allow_injection and node_tags.get(ERROR_SENTINEL_TAG) == ACCEPTS_SENTINELS
        if not injected and any(map(self._is_sentinel, node_kwargs.values())):
            return [self.sentinel_value] if is_expand else self.sentinel_value
        if not is_expand:
            try:
                return node_callable(**node_kwargs)
            except self.error_to_catch:
                return self.sentinel_value
        items: list[Any] = []
        try:
            items.extend(node_callable.keywords["_callable"](**node_kwargs))
        except self.error_to_catch:
            return [*items, self.sentinel_value] if self.try_all_parallel else [self.sentinel_value]
        return items

    def _is_sentinel(self, value: Any) -> bool:
        return type(value) is type(self.sentinel_value) and bool(value == self.sentinel_value)


class FunctionInputOutputTypeChecker(NodeExecutionMethod):
    """Raises ``TypeError`` when a node is given, or returns, a value of another type
    than its annotation says (strictly: an ``int`` is no ``float``; items are checked).

    In Hamilton a node hook; in dagrun it runs around the node's function, so it
    sees the values wherever the node runs, and outside any other method.
    """

    def __init__(self, check_input: bool = True, check_output: bool = True) -> None:
        self.check_input = check_input
        self.check_output = check_output

    def run_to_execute_node(
        self,
        *,
        node_name: str,
        node_callable: Any,
        node_kwargs: dict[str, Any],
        node_return_type: Any = Any,
        node_input_types: Mapping[str, Any] | None = None,
        **future_kwargs: Any,
    ) -> Any:
        """The node's value, once its inputs and then its value have passed the check."""
        if self.check_input:
            for name, value in node_kwargs.items():
                expected = (node_input_types or {}).get(name, Any)
                if not hints.conforms(value, expected):
                    raise TypeError(
                        f"Node {node_name} received an input of type {type(value)} for "
                        f"{name}, expected {expected}"
                    )
        result = node_callable(**node_kwargs)
        if self.check_output and not hints.conforms(result, node_return_type):
            raise TypeError(
                f"Node {node_name} returned a result of type {type(result)}, expected "
                f"{node_return_type}"
            )
        return result


class PrintLn(NodeExecutionHook):
    """Reports each node's start and end (with its time) through ``print_fn``.

    ``verbosity=2`` adds the result or error (the inputs are empty in dagrun).
    """

    def __init__(
        self,
        verbosity: int = 1,
        print_fn: Callable[[str], None] = print,
        node_filter: NodeFilter = None,
    ) -> None:
        if verbosity not in (1, 2):
            raise UsageError(f"PrintLn verbosity is 1 or 2, not {verbosity!r}")
        self.verbosity = verbosity
        self.print_fn = print_fn
        self.node_filter = node_filter
        self._started: dict[str, float] = {}
        self._lock = threading.Lock()

    def _wanted(self, name: str, tags: dict[str, Any]) -> bool:
        wanted = self.node_filter
        if wanted is None:
            return True
        if isinstance(wanted, str):
            return name == wanted
        if isinstance(wanted, list):
            return name in wanted
        return bool(wanted(name, tags))

    def run_before_node_execution(
        self,
        *,
        node_name: str,
        node_tags: dict[str, Any],
        node_kwargs: dict[str, Any],
        task_id: str | None,
        **future_kwargs: Any,
    ) -> None:
        if not self._wanted(node_name, node_tags):
            return
        key = _unique(node_name, task_id)
        with self._lock:
            self._started[key] = time.perf_counter()
        message = f"Executing node: {key}."
        if self.verbosity == 2:
            message += f" Inputs: \n{pprint.pformat(dict(node_kwargs))}"
        self.print_fn(message)

    def run_after_node_execution(
        self,
        *,
        node_name: str,
        node_tags: dict[str, Any],
        result: Any,
        error: Exception | None,
        success: bool,
        task_id: str | None,
        **future_kwargs: Any,
    ) -> None:
        if not self._wanted(node_name, node_tags):
            return
        key = _unique(node_name, task_id)
        with self._lock:
            began = self._started.pop(key, time.perf_counter())
        took = _duration(time.perf_counter() - began)
        status = "Success" if success else "Failure"
        message = f"Finished debugging node: {key} in {took}. Status: {status}."
        if self.verbosity == 2:
            shown = pprint.pformat(result if success else error)
            message += f" {'Result' if success else 'Error'}: \n{shown}"
        self.print_fn(message)


def _unique(name: str, task_id: str | None) -> str:
    return name if task_id is None else f"{task_id}:{name}"


def _duration(seconds: float) -> str:
    if seconds < 1e-3:
        return f"{seconds * 1e6:.3g}μs"
    if seconds < 1:
        return f"{seconds * 1e3:.3g}ms"
    return f"{seconds:.3g}s"


UNSUPPORTED = {
    "PDBDebugger": "dagrun cannot stop inside a node from a hook; set a breakpoint() in "
    "the function",
    "SlowDownYouMoveTooFast": "dagrun hooks cannot delay a node; sleep in the function",
    "NoEdgeAndInputTypeChecking": "dagrun always checks edge types; annotate the "
    "parameter with a wider type (or Any)",
    "CacheAdapter": "use Builder().with_cache(path=...)",
}
__getattr__ = refusing(__name__, UNSUPPORTED)
