"""The sequential executor: one tight loop over the plan's flat steps.

This is the reference every other executor must agree with, and the fast path:
with no observers and fail-fast semantics the loop has no per-node branch beyond
the call, so its cost stays near that of calling the functions by hand.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from typing import Any

from dagrun.errors import DagrunError, NodeError
from dagrun.executors.events import DONE, FAILED, SKIPPED, STARTED, Event, Observer, Outcome, notify
from dagrun.plan import Plan, Step


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
    if not observers and not keep_going:
        _run_fast(plan, values)
        return Outcome(values)
    return _run_observed(plan, values, observers, keep_going)


def _run_fast(plan: Plan, values: list[Any]) -> None:
    out = -1
    try:
        for fn, args, keywords, out, release in plan.calls:
            if keywords is None:
                values[out] = fn(*[values[slot] for slot in args])
            else:
                values[out] = fn(**{k: values[s] for k, s in zip(keywords, args, strict=True)})
            for slot in release:
                values[slot] = None
    except Exception as error:
        step = next(step for step in plan.steps if step.out == out)
        raise node_error(step, error) from error


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
            continue
        notify(observers, Event(STARTED, step.name, step.index))
        started = time.perf_counter()
        try:
            values[step.out] = step.call(values)
        except Exception as raw:
            error = node_error(step, raw)
            if error is not raw:
                error.__cause__ = raw
            elapsed = time.perf_counter() - started
            notify(observers, Event(FAILED, step.name, step.index, elapsed, error))
            if not keep_going:
                raise error from error.__cause__
            outcome.errors[step.name] = error
            broken.add(step.out)
            continue
        elapsed = time.perf_counter() - started
        notify(observers, Event(DONE, step.name, step.index, elapsed, value=values[step.out]))
        for slot in step.release:
            values[slot] = None
    return outcome


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
