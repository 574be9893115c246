"""OpenTelemetry tracing as a hook: one span per run, and one per node under it.

A hook rather than tracing inside the executors, so a run nobody traces costs
nothing and every executor is traced the same way. OpenTelemetry is an
optional dependency (``pip install dagrun[otel]``): it is imported when an
``OpenTelemetryHook`` is made, never by ``import dagrun``.

Node spans are made when a node ends, starting ``duration_s`` before: a
parallel block's items report their events only once the item has run, so the
time ``before_node`` is called is not always when the node began. A node that
was never called (cached, skipped) gets a zero-length span.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from dagrun.executors.events import CACHED, FAILED, Event
from dagrun.hooks import Hook, RunEnd, RunStart

if TYPE_CHECKING:
    from types import ModuleType

    from opentelemetry.context import Context
    from opentelemetry.trace import Span, Tracer, TracerProvider

    from dagrun.node import Node

__all__ = ["OpenTelemetryHook"]

_INSTRUMENTATION = "dagrun"
_INTERRUPTED = "interrupted"  # dagrun.status of a node the run ended before it did
_Key = tuple[str, int | None]  # node name, item inside a parallel block


@dataclass(slots=True)
class _TracedRun:
    """One run's span and the nodes that started and have not ended yet."""

    span: Span
    parent: Context  # the run span as a context, parent of every node span
    started: dict[_Key, int] = field(default_factory=dict)  # start time, ns since the epoch


class OpenTelemetryHook(Hook):
    """Traces runs with OpenTelemetry: a ``dagrun.run`` span, a child span per node.

    Args:
        tracer: the tracer to make spans with.
        tracer_provider: where to get a ``dagrun`` tracer from, if no ``tracer``
            is given; neither: OpenTelemetry's global provider.

    Node spans are named after the node (``name[item]`` for an item of a
    parallel block) and carry ``dagrun.node``, ``dagrun.status``,
    ``dagrun.cache_hit``, ``dagrun.attempts`` and the node's tags as
    ``dagrun.tag.<key>``; a failed node's span has status ERROR and the node's
    exception recorded. Node hooks may run on worker threads, so state is locked.

    One hook follows one run at a time: node events do not say which run they
    belong to, so if runs overlap, nodes are put under the run that began last.

    Raises:
        ImportError: OpenTelemetry is not installed.
        ValueError: both ``tracer`` and ``tracer_provider`` were given.
    """

    def __init__(
        self, tracer: Tracer | None = None, *, tracer_provider: TracerProvider | None = None
    ) -> None:
        self._trace = _opentelemetry()
        if tracer is not None and tracer_provider is not None:
            raise ValueError("give OpenTelemetryHook a tracer or a tracer_provider, not both")
        if tracer is None:
            from dagrun import __version__

            tracer = self._trace.get_tracer(
                _INSTRUMENTATION, __version__, tracer_provider=tracer_provider
            )
        self._tracer: Tracer = tracer
        self._lock = threading.Lock()
        self._runs: dict[str, _TracedRun] = {}  # by run id, in the order they began
        self._last: _TracedRun | None = None  # the latest run, for events that come late

    # ---- runs ----------------------------------------------------------------

    def before_run(self, run: RunStart) -> None:
        """Open the run span under the caller's current span, if it has one."""
        span = self._tracer.start_span(
            "dagrun.run",
            attributes={
                "dagrun.run_id": run.run_id,
                "dagrun.outputs": list(run.outputs),
                "dagrun.executor": run.executor,
                "dagrun.node_count": len(run.nodes),
            },
        )
        traced = _TracedRun(span, self._trace.set_span_in_context(span))
        with self._lock:
            self._runs[run.run_id] = traced
            self._last = traced

    def after_run(self, run: RunStart, end: RunEnd) -> None:
        """Close the run span with its status, after the spans of nodes it left unfinished."""
        with self._lock:
            traced = self._runs.pop(run.run_id, None)
            if traced is None:
                return
            unfinished, traced.started = traced.started, {}
        now = time.time_ns()
        for (name, item), start in unfinished.items():
            span = self._node_span(traced, name, item, run.graph.nodes.get(name), start)
            span.set_attribute("dagrun.status", _INTERRUPTED)
            description = f"the run ended ({end.status}) before the node did"
            span.set_status(self._trace.Status(self._trace.StatusCode.ERROR, description))
            span.end(end_time=now)
        span = traced.span
        span.set_attribute("dagrun.status", end.status)
        if end.errors:
            span.set_attribute("dagrun.failed_nodes", sorted(end.errors))
        if not end.ok:
            failed = ", ".join(sorted(end.errors))
            description = f"{end.status}: {failed}" if failed else end.status
            span.set_status(self._trace.Status(self._trace.StatusCode.ERROR, description))
        span.end(end_time=now)

    # ---- nodes ---------------------------------------------------------------

    def before_node(self, event: Event, node: Node | None) -> None:
        """Note when the node began, for a run that ends before it does."""
        with self._lock:
            traced = self._going()
            if traced is not None:
                traced.started[(event.node, event.item)] = time.time_ns()

    def after_node(self, event: Event, node: Node | None) -> None:
        """Make the node's span, ending now and starting ``duration_s`` ago."""
        end = time.time_ns()
        start = end - int(event.duration_s * 1e9)
        with self._lock:
            traced = self._current()
            began = traced.started.pop((event.node, event.item), None) if traced else None
        if began is not None:
            start = min(start, began)
        span = self._node_span(traced, event.node, event.item, node, start)
        span.set_attribute("dagrun.status", event.kind)
        span.set_attribute("dagrun.cache_hit", event.kind == CACHED)
        span.set_attribute("dagrun.attempts", event.attempts)
        if event.attempts > 1:
            span.set_attribute("dagrun.retry_wait_s", event.waited_s)
        if event.kind == FAILED:
            error = event.error
            raised = error.__cause__ if error is not None and error.__cause__ else error
            if raised is not None:
                span.record_exception(raised, timestamp=end)
            span.set_status(
                self._trace.Status(self._trace.StatusCode.ERROR, str(error) if error else "failed")
            )
        span.end(end_time=end)

    def _going(self) -> _TracedRun | None:
        """The latest run still going, if any. Called under the lock."""
        return next(reversed(self._runs.values())) if self._runs else None

    def _current(self) -> _TracedRun | None:
        """The run a node event belongs to: the latest still going, else the latest (an
        event that came after its run ended). Called under the lock."""
        going = self._going()
        return going if going is not None else self._last

    def _node_span(
        self, traced: _TracedRun | None, name: str, item: int | None, node: Node | None, start: int
    ) -> Span:
        """A started span for one node (or item), child of the run's span."""
        attributes: dict[str, Any] = {"dagrun.node": name}
        if item is not None:
            attributes["dagrun.item"] = item
        if node is not None:
            attributes["dagrun.origin"] = str(node.origin)
            for key, value in node.tags.items():
                attributes[f"dagrun.tag.{key}"] = _attribute(value)
        return self._tracer.start_span(
            name if item is None else f"{name}[{item}]",
            # The run's span, not the calling thread's context: worker threads have none.
            context=traced.parent if traced is not None else None,
            attributes=attributes,
            start_time=start,
        )


def _attribute(value: Any) -> Any:
    """A tag value as OpenTelemetry takes it: str, number, bool or list of str; else str()."""
    if isinstance(value, str | bool | int | float):
        return value
    if isinstance(value, list | tuple) and all(isinstance(part, str) for part in value):
        return list(value)
    return str(value)


def _opentelemetry() -> ModuleType:
    """``opentelemetry.trace``, or an ImportError that says what to install."""
    try:
        from opentelemetry import trace
    except ImportError as error:
        raise ImportError(
            "OpenTelemetryHook needs OpenTelemetry: pip install 'dagrun[otel]' "
            "(or pip install opentelemetry-sdk)"
        ) from error
    return trace
