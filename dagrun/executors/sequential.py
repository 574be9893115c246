"""The sequential executor: one tight loop over the plan's flat steps.

This is the reference every other executor must agree with, and the fast path:
for a plain plan (no blocks, retries or timeouts) with no observers and
fail-fast semantics the loop has no per-node branch beyond the call, so its
cost stays near that of calling the functions by hand.

It also runs, for every other executor, the units that hold several nodes:
one item of a parallel block (``run_item``), and a chain of steps each reading
the one before (``run_chain``), so the values inside never leave the worker.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import replace
from time import perf_counter
from typing import Any

from dagrun.errors import DagrunError, NodeError
from dagrun.executors.attempts import (
    Report,
    end_event,
    failed_report,
    node_error,
    note_reused,
    run_step,
    was_reused,
)
from dagrun.executors.events import (
    CACHED,
    DONE,
    SKIPPED,
    STARTED,
    Event,
    Observer,
    Outcome,
    node_methods,
    notify,
)
from dagrun.plan import ITEM, Plan, Step


def run_plan(
    plan: Plan,
    values: list[Any],
    observers: Sequence[Observer] = (),
    keep_going: bool = False,
) -> Outcome:
    """Run every step of ``plan`` in order on ``values`` (a list indexed by slot).

    Intermediates are set to None after their last reader, so memory holds the
    live set only.

    Args:
        plan: the compiled plan.
        values: the slot list, seeded with the supplied values.
        observers: called with an ``Event`` as each node starts and ends.
        keep_going: on a failure, skip what depends on the failed node and run the
            rest; the errors are in the outcome. Otherwise the first error is raised.

    Raises:
        NodeError: a node raised (fail-fast only); the original is chained.
        DataValidationError: a fail-level check failed (fail-fast only).
    """
    if plan.plain and not keep_going:
        if observers:
            _run_watched(plan, values, observers)
        else:
            _run_fast(plan, values)
        return Outcome(values)
    return _run_observed(plan, values, observers, keep_going)


def _run_fast(plan: Plan, values: list[Any]) -> None:
    out = -1
    try:
        for fn, gather, keywords, out, release in plan.calls:  # out names the failing step
            if keywords is None:
                values[out] = fn(*gather(values))
            else:
                values[out] = fn(**dict(zip(keywords, gather(values), strict=True)))
            for slot in release:
                values[slot] = None
    except Exception as error:
        step = next(step for step in plan.steps if step.out == out)
        raise node_error(step, error) from error


def _run_watched(plan: Plan, values: list[Any], observers: Sequence[Observer]) -> None:
    """``_run_fast`` telling the observers of each node's start and end, with its time."""
    befores, afters = node_methods(observers)
    for fn, gather, keywords, out, release, step, node, started, may_reuse in _watched_steps(plan):
        for before in befores:
            before(started, node)
        if may_reuse:
            note_reused(False)
        begin = perf_counter()
        try:
            if keywords is None:
                value = fn(*gather(values))
            else:
                value = fn(**dict(zip(keywords, gather(values), strict=True)))
        except Exception as raw:
            report = failed_report(step, raw, perf_counter() - begin)
            notify(observers, end_event(step, report))
            report.raise_error()
        done = Event(
            CACHED if may_reuse and was_reused() else DONE,
            started.node,
            started.step,
            perf_counter() - begin,
            None,
            value,
        )
        values[out] = value
        for after in afters:
            after(done, node)
        for slot in release:
            values[slot] = None


def _watched_steps(plan: Plan) -> list[tuple[Any, ...]]:
    """Per step: its call, step, node, its ``started`` event (made once per plan) and whether the
    call may hand back a stored result (the cache wraps the node's callable)."""
    found = plan.derived.get("watched")
    if found is None:
        found = plan.derived["watched"] = [
            (
                *call,
                step,
                step.node,
                Event(STARTED, step.name, step.index),
                call[0] is not step.node.callable,
            )
            for call, step in zip(plan.calls, plan.steps, strict=True)
        ]
    return found


def _run_observed(
    plan: Plan, values: list[Any], observers: Sequence[Observer], keep_going: bool
) -> Outcome:
    outcome = Outcome(values)
    broken: set[int] = set()  # slots that will never hold a value
    for step in plan.steps:
        if broken.intersection(step.args):
            broken.add(step.out)
            outcome.skipped.append(step.name)
            notify(observers, Event(SKIPPED, step.name, step.index))
        else:
            report = _run_step(step, values, observers, keep_going)
            if report.error is None:
                values[step.out] = report.value
            elif keep_going:
                outcome.errors.setdefault(report.error.node or step.name, report.error)
                broken.add(step.out)
            else:
                report.raise_error()
        for slot in step.release:  # read for the last time, whatever became of the step
            values[slot] = None
    return outcome


def _run_step(
    step: Step, values: list[Any], observers: Sequence[Observer], keep_going: bool
) -> Report:
    arguments = [values[slot] for slot in step.args]
    if step.block is not None:
        return _run_block(step, arguments, observers, keep_going)
    notify(observers, Event(STARTED, step.name, step.index))
    if step.node.meta or step.fn is not None:
        report = run_step(step, arguments)
        notify(observers, end_event(step, report))
        return report
    # No policy and no cache wrapper: the call itself, timed (the common watched case).
    started = perf_counter()
    try:
        value = step.call_with(arguments)
    except Exception as raw:
        report = failed_report(step, raw, perf_counter() - started)
        notify(observers, end_event(step, report))
        return report
    elapsed = perf_counter() - started
    notify(observers, Event(DONE, step.name, step.index, elapsed, None, value))
    return Report(value, None, None, elapsed)


def _run_block(
    step: Step, arguments: list[Any], observers: Sequence[Observer], keep_going: bool
) -> Report:
    """Every item of a block, in order; the first failure fails the block."""
    results: list[Any] = []
    failed: Report | None = None
    for index, item in enumerate(block_items(step, arguments)):
        report = run_item(step, index, item, arguments)
        for event in report.events:
            notify(observers, event)
        if report.error is not None:
            failed = failed or report
            if not keep_going:
                break
        results.append(report.value)
    return failed or Report(results)


def block_items(step: Step, arguments: Sequence[Any]) -> list[Any]:
    """The items a block step fans out over: its Parallelizable's list."""
    assert step.block is not None
    seeds = step.block.plan.seeds
    return next(arg for seed, arg in zip(seeds, arguments, strict=True) if seed.source == ITEM)


def run_item(step: Step, index: int, item: Any, arguments: Sequence[Any]) -> Report:
    """Run a block's per-item plan for one item, its events recorded for the scheduler.

    Events come back in the report (values dropped) rather than going to
    observers, because the item may run in another process or on a Dask worker.
    """
    assert step.block is not None
    plan = step.block.plan
    values = step.block.seed_values(item, arguments)
    events: list[Event] = []

    def record(event: Event) -> None:
        events.append(replace(event, item=index, value=None))

    started = time.perf_counter()
    try:
        _run_observed(plan, values, (record,), keep_going=False)
    except DagrunError as error:
        elapsed = time.perf_counter() - started
        return Report(None, error, error.__cause__, elapsed, events=tuple(events))
    value = values[plan.outputs[0][1]]
    return Report(value, None, None, time.perf_counter() - started, events=tuple(events))


def run_chain(
    steps: Sequence[Step],
    arguments: list[list[Any] | None],
    emit: Callable[[Event], None] | None = None,
    record: bool = True,
    stop: Callable[[], bool] | None = None,
) -> Report:
    """Run ``steps`` in order, each fed the value of the one before, in this process.

    ``arguments[i]`` holds step i's argument values, with a placeholder where it
    reads step i-1 (or is None when it reads nothing else); each list is dropped
    once taken, and each value once passed on, so memory holds one step's input
    and output at a time. The first
    step's start is the caller's to announce; every later event comes back in
    the report (values dropped but the last's), and all but the last also go to
    ``emit`` as they happen: the caller skips those it was told already. With
    ``record`` off nobody listens and no event is made. A
    failing step ends the chain: its report is the chain's. So does ``stop``
    answering true before a step: that step is reported as not started.
    """
    if not record and not any(step.node.meta for step in steps):
        return _run_chain_plain(steps, arguments, stop)
    events: list[Event] = []

    def tell(event: Event, last: bool = False) -> None:
        events.append(event)
        if emit is not None and not last:  # the last one travels with the value, in the report
            emit(event)

    report = Report()
    previous: Step | None = None
    last = len(steps) - 1
    for position, step in enumerate(steps):
        taken, arguments[position] = arguments[position], None
        if previous is not None:
            if stop is not None and stop():
                return _not_started(step)._replace(events=tuple(events))
            made, report = report.value, report._replace(value=None)
            taken = _fed(step, taken, previous.out, made)
            del made
            if record:
                tell(Event(STARTED, step.name, step.index))
        report = run_step(step, taken)
        del taken
        if record:
            end = end_event(step, report)
            if position == last or report.error is not None:
                tell(end, last=True)
            else:
                tell(replace(end, value=None))
        if report.error is not None:
            break
        previous = step
    return report._replace(events=tuple(events))


def _run_chain_plain(
    steps: Sequence[Step], arguments: list[list[Any] | None], stop: Callable[[], bool] | None
) -> Report:
    """``run_chain`` with nobody listening and no step policy: just the calls."""
    value: Any = None
    out = -1
    for position, step in enumerate(steps):
        taken, arguments[position] = arguments[position], None
        if position:
            if stop is not None and stop():
                return _not_started(step)
            taken = _fed(step, taken, out, value)
            value = None
        try:
            value = step.call_with(taken)
        except Exception as raw:
            return failed_report(step, raw, 0.0)
        del taken
        out = step.out
    return Report(value)


def _fed(step: Step, taken: list[Any] | None, slot: int, value: Any) -> list[Any]:
    """``step``'s arguments with ``value`` where it reads ``slot`` (None: it reads nothing else)."""
    if taken is None:
        return [value] * len(step.args)
    return [value if read == slot else arg for read, arg in zip(step.args, taken, strict=True)]


def _not_started(step: Step) -> Report:
    """The report of a chain cut short before ``step``: the run was failing or stopped."""
    error = NodeError(
        f"node '{step.name}' was not started: the run stopped before its turn",
        node=step.name,
        origin=step.node.origin,
    )
    return Report(None, error)
