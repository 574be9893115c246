"""Hamilton's ready-made adapters that dagrun can honour.

``GracefulErrorAdapter`` maps onto dagrun's keep-going runs: what fails with the
chosen error, and everything that depends on it, comes back as the sentinel.
"""

from __future__ import annotations

import pprint
import threading
import time
from collections.abc import Callable, Iterable, Mapping
from typing import Any

from dagrun.errors import DagrunError
from dagrun.hamilton._support import UsageError, refusing
from dagrun.hamilton.lifecycle.adapt import cause_of
from dagrun.hamilton.lifecycle.api import NodeExecutionHook
from dagrun.hamilton.lifecycle.base import LifecycleAdapter
from dagrun.modifiers.tags import accept_error_sentinels

__all__ = ["GracefulErrorAdapter", "PrintLn", "accept_error_sentinels"]

NodeFilter = Callable[[str, dict[str, Any]], bool] | list[str] | str | None


class GracefulErrorAdapter(LifecycleAdapter):
    """Turns failures with ``error_to_catch`` into ``sentinel_value`` instead of raising.

    The failing node and every node after it give the sentinel; other errors are
    raised. Unlike Hamilton, a failure inside a parallel block makes the collected
    output the sentinel (not a list ending in it), and a node hook sees the
    failing node fail rather than return the sentinel.
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

    def refuse_injection(self, tagged: Iterable[str]) -> None:
        """Raise when nodes marked ``@accept_error_sentinels`` would need the sentinel injected."""
        names = sorted(tagged)
        if self.allow_injection and names:
            raise UsageError(
                f"@accept_error_sentinels on {', '.join(names)} needs the sentinel passed into "
                "the node, which dagrun cannot do: it skips what depends on a failure",
                hint="drop the decorator and read the sentinel in the result, or pass "
                "allow_injection=False",
            )

    def uncaught(self, errors: Mapping[str, DagrunError]) -> list[DagrunError]:
        """The failures this adapter does not turn into sentinels."""
        return [
            error
            for error in errors.values()
            if not isinstance(cause_of(error), self.error_to_catch)
        ]

    def fill(self, names: Iterable[str], values: Mapping[str, Any]) -> dict[str, Any]:
        """The outputs, with the sentinel for each one that was not computed."""
        return {name: values.get(name, self.sentinel_value) for name in names}


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
    "FunctionInputOutputTypeChecker": "dagrun checks inputs at the start of a run and "
    "outputs with @check_output(data_type=...)",
    "NoEdgeAndInputTypeChecking": "dagrun always checks edge types; annotate the "
    "parameter with a wider type (or Any)",
    "CacheAdapter": "use Builder().with_cache(path=...)",
}
__getattr__ = refusing(__name__, UNSUPPORTED)
