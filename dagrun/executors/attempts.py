"""Calling one step under its policy: retries with backoff, a timeout per attempt.

``run_step`` is what every executor runs for a node, in its own thread, a worker
thread, a worker process or a Dask worker. It never raises for a failing node:
the ``Report`` carries the value or the error, with the attempts made and the
time spent waiting between them, so the scheduler reports all executors alike.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Sequence
from typing import Any, NamedTuple

from dagrun.errors import DagrunError, NodeError
from dagrun.executors.events import CACHED, DONE, FAILED, Event
from dagrun.modifiers.runtime import RETRY, TIMEOUT
from dagrun.plan import Step


class Report(NamedTuple):
    """What running a step (or one item of a block) came to.

    A named tuple rather than a frozen dataclass: one is built per node, and a
    tuple is several times cheaper to build, on the path every node takes.
    """

    value: Any = None
    error: DagrunError | None = None
    cause: BaseException | None = None  # the node's own exception, chained to ``error``
    duration_s: float = 0.0
    attempts: int = 1
    waited_s: float = 0.0
    events: tuple[Event, ...] = ()  # a block item's per-node events
    reused: bool = False  # the callable handed back a stored result (see ``note_reused``)

    def raise_error(self) -> None:
        """Raise ``error``, chained to the node's own exception when there is one."""
        if self.error is None:
            return
        if self.cause is None:
            raise self.error
        raise self.error from self.cause


_calls = threading.local()  # per thread: whether the node just called reported a reuse


def note_reused(reused: bool = True) -> None:
    """Tell the executor that the node being called returned a stored result.

    The cache calls this from inside a node's callable, in whatever thread or
    process runs it; the node's end event is then ``cached`` rather than ``done``.
    Executors call it with False before a call.
    """
    _calls.reused = reused


def was_reused() -> bool:
    """Whether the node just called reported a reuse; the flag is cleared."""
    reused = getattr(_calls, "reused", False)
    _calls.reused = False
    return reused


def run_step(step: Step, arguments: Sequence[Any]) -> Report:
    """Call ``step`` on ``arguments`` (in ``step.args`` order) until it succeeds or gives up.

    A retry happens when the node raised one of its policy's exception types and
    retries are left; a timeout ends an attempt with ``TimeoutError``.
    """
    started = time.perf_counter()
    meta = step.node.meta
    _calls.reused = False
    if not meta:  # no policy: one attempt, and no lookups on the way
        try:
            value = step.call_with(arguments)
        except Exception as raw:
            return failed_report(step, raw, time.perf_counter() - started, 1, 0.0)
        elapsed = time.perf_counter() - started
        return Report(value, None, None, elapsed, reused=was_reused())
    policy = meta.get(RETRY)
    seconds = meta.get(TIMEOUT)
    attempts, waited = 0, 0.0
    while True:
        attempts += 1
        try:
            value, reused = _attempt(step, arguments, seconds)
        except Exception as raw:
            if policy is not None and attempts <= policy.times and isinstance(raw, policy.on):
                wait = policy.wait_before(attempts)
                time.sleep(wait)
                waited += wait
                continue
            return failed_report(step, raw, time.perf_counter() - started, attempts, waited)
        elapsed = time.perf_counter() - started
        return Report(value, None, None, elapsed, attempts, waited, reused=reused)


def failed_report(
    step: Step, raw: Exception, elapsed: float, attempts: int = 1, waited: float = 0.0
) -> Report:
    """The report of ``step`` ending in ``raw``: a node error naming it, chained to ``raw``."""
    error = node_error(step, raw)
    cause = None if error is raw else raw
    if cause is not None:
        error.__cause__ = cause  # observers read the node's own exception before any raise
    return Report(None, error, cause, elapsed, attempts, waited)


def _attempt(step: Step, arguments: Sequence[Any], seconds: float | None) -> tuple[Any, bool]:
    """One call: its value, and whether the callable reported a reuse."""
    if seconds is None:
        return step.call_with(arguments), was_reused()
    outcome: list[Any] = []

    def target() -> None:
        try:
            outcome.append((True, (step.call_with(arguments), was_reused())))
        except BaseException as error:  # handed to the waiting thread below
            outcome.append((False, error))

    # A thread cannot be killed: on timeout it is abandoned (daemon) and its result dropped.
    thread = threading.Thread(target=target, name=f"dagrun-{step.name}", daemon=True)
    thread.start()
    thread.join(seconds)
    if not outcome:
        raise TimeoutError(f"no result after {seconds:g} s (the node's timeout)")
    succeeded, result = outcome[0]
    if succeeded:
        return result
    raise result


def node_error(step: Step, error: BaseException) -> DagrunError:
    """The error to raise for ``error`` escaping ``step``'s function.

    A ``DagrunError`` raised on purpose inside a node (a failed check) keeps its
    own type; anything else becomes a ``NodeError`` naming node and ``file:line``.
    """
    if isinstance(error, DagrunError):
        if error.node is None:
            error.node = step.name
            error.origin = step.node.origin
        return error
    return NodeError(
        f"node '{step.name}' raised {type(error).__name__}: {error}",
        node=step.name,
        origin=step.node.origin,
    )


def end_event(step: Step, report: Report) -> Event:
    """The ``done`` or ``failed`` event that closes a step's run."""
    if report.error is None:
        kind, error, value = CACHED if report.reused else DONE, None, report.value
    else:
        kind, error, value = FAILED, report.error, None
    return Event(
        kind,
        step.name,
        step.index,
        report.duration_s,
        error,
        value,
        attempts=report.attempts,
        waited_s=report.waited_s,
    )
