"""The one event-driven scheduler behind every parallel executor.

A backend (threads, processes, Dask) only knows how to run ``fn(*args)``
somewhere and call ``done(report)`` when it finishes; everything else is here.
The scheduler submits a unit the moment its inputs are ready, sleeps on a
completion queue while work runs (no polling), and drops each value once the
last unit reading it has been submitted. Observers are called from this thread
only, so they need no locks.

State of one run (``_Run``):

    values    slot list; seeds in place, results stored as they arrive (a
              ``Held`` stands for a value the backend kept where it was made)
    waiting   per step: argument slots still being computed
    readers   per slot: units that have yet to take the value (0 frees it)
    doomed    steps with a failed input: skipped when they would be ready
    ready     units to submit, in plan order; ``pooled`` holds those that
              draw on a concurrency pool, per pool
    running   submitted units by key, until their report arrives
    blocks    per fan-out step: the items' results so far

A unit is a step, one item of a block step, or a chain: a step together with
the steps after it that each read only the one before (no other consumer, the
rest of their inputs at hand). A chain runs as one task, so on processes and
Dask the values inside it never cross to the driver or to another worker. On
a backend that runs units ``in_process`` a chain's later starts and ends reach
observers as they happen, and a chain stops between steps once the run is
failing or interrupted; elsewhere its events arrive when the chain ends.

Fail-fast stops submitting at the first failure, lets running units finish
(their events still count) and raises; keep-going skips what depends on a
failure and runs everything else. Ctrl-C cancels whatever the backend has not
started and re-raises.
"""

from __future__ import annotations

import abc
import queue
from collections import deque
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import partial
from typing import Any, Protocol, cast, runtime_checkable

from dagrun.errors import NodeError
from dagrun.executors.attempts import Report, end_event, run_step
from dagrun.executors.events import FAILED, SKIPPED, STARTED, Event, Observer, Outcome, notify
from dagrun.executors.sequential import block_items, run_chain, run_item, run_plan
from dagrun.executors.shape import Shape, pools_of
from dagrun.plan import ITEM, Plan, Step

Done = Callable[[Any], None]


class Held(abc.ABC):
    """A value left where its unit ran (a Dask worker), standing in for it in the driver.

    The scheduler passes it on to the units that read it, and the backend
    resolves it there; only what the driver itself needs comes over: a
    fan-out's items, and the outputs once the run ends. Dropping the last
    reference lets the backend free the value.
    """

    __slots__ = ()

    @abc.abstractmethod
    def fetch(self) -> Any:
        """The value itself, brought to the driver."""

    @abc.abstractmethod
    def collect(self, values: list[Any]) -> Any:
        """``values`` (this one among them) as one list value, left where they are."""


class Backend(Protocol):
    """Where units run: ``submit`` starts ``fn(*args)`` and calls ``done`` with its result.

    ``done`` receives a ``Report``, or an exception when the unit could not run
    at all (a worker died, a value did not pickle); it may be called from any thread.
    """

    kind: str
    inline_when_alone: bool  # run a unit in the scheduler's thread when nothing else can run
    in_process: bool  # units run in this process: a chain can report and stop as it goes

    def capacity(self) -> int:
        """How many units are worth keeping in flight."""

    def submit(self, fn: Callable[..., Report], args: tuple[Any, ...], done: Done) -> None:
        """Start ``fn(*args)``."""

    def cancel(self) -> None:
        """Drop every submitted unit that has not started."""

    def close(self) -> None:
        """Release workers, processes or the cluster connection."""


@runtime_checkable
class Announcing(Protocol):
    """A backend whose units run elsewhere but can report events as they happen."""

    def open_channel(self, deliver: Callable[[tuple[int, Event]], None]) -> Any:
        """Pass ``(unit key, event)`` announced on the returned channel to ``deliver``."""

    def emitter(self, channel: Any, key: int) -> Callable[[Event], None]:
        """A callable that travels with unit ``key`` and announces its events on ``channel``."""

    def close_channel(self, channel: Any) -> None:
        """Stop passing on events announced on ``channel``."""


@dataclass(slots=True)
class _Item:
    """One item of a block step, as a unit; a plain step is its own unit."""

    step: Step
    item: int  # position in the block
    value: Any  # the item itself
    arguments: list[Any]  # the block step's arguments, shared by its items
    pools: tuple[str, ...]


@dataclass(slots=True)
class _Chain:
    """Steps run as one task, each reading the value of the one before."""

    steps: tuple[Step, ...]
    pools: tuple[str, ...]


_Unit = Step | _Item | _Chain


@dataclass(slots=True)
class _BlockRun:
    results: list[Any]
    left: int
    failure: Report | None = None


@dataclass(slots=True)
class _Run:
    plan: Plan
    values: list[Any]
    observers: Sequence[Observer]
    keep_going: bool
    backend: Backend
    pools: Mapping[str, int]
    shape: Shape = field(init=False)
    outcome: Outcome = field(init=False)
    waiting: list[int] = field(init=False)
    readers: dict[int, int] = field(init=False)
    consumers: dict[int, list[int]] = field(init=False)
    kept: frozenset[int] = field(init=False)
    doomed: set[int] = field(default_factory=set)
    ready: deque[_Unit] = field(default_factory=deque)
    pooled: dict[tuple[str, ...], deque[_Unit]] = field(default_factory=dict)
    in_pool: dict[str, int] = field(default_factory=dict)
    running: dict[int, _Unit] = field(default_factory=dict)
    blocks: dict[int, _BlockRun] = field(default_factory=dict)
    failure: Report | None = None
    interrupted: bool = False
    channel: Any = None  # where units running elsewhere announce their events
    told: dict[int, int] = field(default_factory=dict)  # unit key -> events announced so far
    completions: queue.SimpleQueue[tuple[int, Any]] = field(default_factory=queue.SimpleQueue)
    next_key: int = 0

    def __post_init__(self) -> None:
        self.shape = shape = Shape.of(self.plan, self.pools)
        self.outcome = Outcome(self.values)
        self.consumers = shape.consumers
        self.readers = dict(shape.readers)
        self.kept = shape.kept
        self.waiting = list(shape.waiting)


def run_scheduled(
    plan: Plan,
    values: list[Any],
    backend: Backend,
    observers: Sequence[Observer] = (),
    keep_going: bool = False,
    pools: Mapping[str, int] | None = None,
) -> Outcome:
    """Run ``plan`` on ``backend``; same arguments, events and outcome as ``run_plan``.

    Raises:
        NodeError: a node raised (fail-fast only); the original is chained.
        DataValidationError: a fail-level check failed (fail-fast only).
        KeyboardInterrupt: after cancelling the work not yet started.
    """
    if plan.serial and backend.inline_when_alone:
        # One step at a time whatever happens: the sequential loop does it with least work.
        return run_plan(plan, values, observers, keep_going)
    run = _Run(plan, values, observers, keep_going, backend, dict(pools or {}))
    for step in plan.steps:
        if run.waiting[step.index] == 0:
            _make_ready(run, step)
    capacity = max(1, backend.capacity())
    if observers and not backend.in_process and isinstance(backend, Announcing):
        run.channel = backend.open_channel(run.completions.put)
    try:
        while True:
            _submit_ready(run, capacity)
            if not run.running:
                break
            _take_report(run, *run.completions.get())
            while not run.completions.empty():  # take every report in before submitting more
                _take_report(run, *run.completions.get())
    except BaseException:
        run.interrupted = True  # chains running in this process stop before their next step
        backend.cancel()
        raise
    finally:
        if run.channel is not None:
            cast(Announcing, backend).close_channel(run.channel)
    if run.failure is not None:
        run.failure.raise_error()
    for slot in run.kept:
        run.values[slot] = _local(run.values[slot])
    return run.outcome


def _local(value: Any) -> Any:
    return value.fetch() if isinstance(value, Held) else value


def _take_report(run: _Run, key: int, result: Any) -> None:
    if isinstance(result, Event):  # a chain's step, as it happens: its unit runs on
        if key in run.running:  # else its report came first and carried the event
            run.told[key] = run.told.get(key, 0) + 1
            notify(run.observers, result)
    else:
        _finish(run, run.running.pop(key), result, run.told.pop(key, 0))


class _Told:
    """Passes a chain's events to the observers as they happen, counting them."""

    def __init__(self, observers: Sequence[Observer]) -> None:
        self.observers = observers
        self.count = 0

    def __call__(self, event: Event) -> None:
        self.count += 1
        notify(self.observers, event)


def _submit_ready(run: _Run, capacity: int) -> None:
    backend = run.backend
    while len(run.running) < capacity:
        unit = _next_unit(run)
        if unit is None:
            return
        for pool in _pools_of_unit(run, unit):
            run.in_pool[pool] = run.in_pool.get(pool, 0) + 1
        key = run.next_key
        run.next_key += 1
        # Nothing else could run meanwhile: calling here saves two thread switches.
        inline = backend.inline_when_alone and not run.running and _nothing_queued(run)
        emit = _emitter(run, key, inline) if run.observers else None
        stop = partial(_stopping, run) if inline or backend.in_process else None
        unit, fn, args = _task(run, unit, emit, stop)
        if inline:
            _finish(run, unit, fn(*args), emit.count if isinstance(emit, _Told) else 0)
            continue
        run.running[key] = unit
        backend.submit(fn, args, _reporter(run.completions, key))


def _emitter(run: _Run, key: int, inline: bool) -> Callable[[Event], None] | None:
    """Where unit ``key`` announces a chain's events as they happen (None: with its end)."""
    if inline:
        return _Told(run.observers)
    if run.backend.in_process:
        return _reporter(run.completions, key)
    if run.channel is not None:
        return cast(Announcing, run.backend).emitter(run.channel, key)
    return None


def _nothing_queued(run: _Run) -> bool:
    return not run.ready and not any(run.pooled.values())


def _next_unit(run: _Run) -> _Unit | None:
    """The next unit whose pools have room: pooled ones first, they are the slow kind."""
    if run.failure is not None:
        return None
    for pools, units in run.pooled.items():
        if units and all(run.in_pool.get(p, 0) < run.pools[p] for p in pools):
            return units.popleft()
    return run.ready.popleft() if run.ready else None


def _reporter(completions: queue.SimpleQueue[tuple[int, Any]], key: int) -> Done:
    return lambda result: completions.put((key, result))


def _stopping(run: _Run) -> bool:
    """Whether a chain should stop before its next step: the run is failing or interrupted."""
    return run.interrupted or run.failure is not None


def _task(
    run: _Run,
    unit: _Unit,
    emit: Callable[[Event], None] | None,
    stop: Callable[[], bool] | None,
) -> tuple[_Unit, Callable[..., Report], tuple[Any, ...]]:
    """What to call for ``unit``; a step grows into a chain where it can."""
    if isinstance(unit, _Item):
        return unit, run_item, (unit.step, unit.item, unit.value, unit.arguments)
    assert isinstance(unit, Step)
    if run.observers:
        notify(run.observers, Event(STARTED, unit.name, unit.index))
    steps = _chain_from(run, unit)
    if len(steps) == 1:
        return unit, run_step, (unit, _take_arguments(run, unit))
    joins = run.shape.joins
    # A step reading only the one before gets its value in the task: nothing to take here.
    arguments = [
        _take_arguments(run, step) if step is unit or not joins[step.index] else None
        for step in steps
    ]
    chain = _Chain(steps, pools_of((unit,), run.pools))
    return chain, run_chain, (steps, arguments, emit, bool(run.observers), stop)


def _chain_from(run: _Run, step: Step) -> tuple[Step, ...]:
    """``step`` and the steps that can run right after it in the same task.

    The next step joins when it is the only reader of the last one's value, that
    value is not an output, its other inputs are at hand, it is no fan-out, and
    it draws on the same pools: running it anywhere else could not start sooner.
    """
    shape, steps = run.shape, run.plan.steps
    chain = shape.chain_from(step, steps)
    after = shape.successor[chain[-1].index]
    while after >= 0 and after not in run.doomed:
        if run.waiting[after] != len(run.consumers[chain[-1].out]):  # it waits on more
            break
        chain += shape.chain_from(steps[after], steps)
        after = shape.successor[chain[-1].index]
    return chain


def _take_arguments(run: _Run, step: Step) -> list[Any]:
    """The step's argument values; each slot read for the last time is freed here."""
    values = run.values
    arguments = [values[slot] for slot in step.args]
    for slot in step.args:
        left = run.readers[slot] - 1
        run.readers[slot] = left
        if left == 0 and slot not in run.kept:
            values[slot] = None
    return arguments


# ---- readiness ---------------------------------------------------------------


def _make_ready(run: _Run, step: Step) -> None:
    if step.index in run.doomed:
        _skip(run, step)
    elif step.block is not None:
        _fan_out(run, step)
    else:
        _enqueue(run, step, pools_of((step,), run.pools))


def _enqueue(run: _Run, unit: _Unit, pools: tuple[str, ...]) -> None:
    if pools:
        run.pooled.setdefault(pools, deque()).append(unit)
    else:
        run.ready.append(unit)


def _pools_of_unit(run: _Run, unit: _Unit) -> tuple[str, ...]:
    return pools_of((unit,), run.pools) if isinstance(unit, Step) else unit.pools


def _fan_out(run: _Run, step: Step) -> None:
    """Queue one unit per item of a block step."""
    assert step.block is not None
    arguments = _take_arguments(run, step)
    items = _local(block_items(step, arguments))
    run.blocks[step.index] = _BlockRun([None] * len(items), len(items))
    if not items:
        _close_block(run, step)
        return
    # Each item travels alone: the list of all items stays here.
    seeds = step.block.plan.seeds
    shared = [
        None if seed.source == ITEM else arg for seed, arg in zip(seeds, arguments, strict=True)
    ]
    pools = pools_of(step.block.plan.steps, run.pools)
    for index, item in enumerate(items):
        _enqueue(run, _Item(step, index, item, shared, pools), pools)


def _produced(run: _Run, slot: int) -> None:
    """A slot now holds its value: wake the steps reading it."""
    for index in run.consumers.get(slot, ()):
        run.waiting[index] -= 1
        if run.waiting[index] == 0:
            _make_ready(run, run.plan.steps[index])


def _broken(run: _Run, slot: int) -> None:
    """A slot will never hold a value: its readers are skipped when their turn comes."""
    for index in run.consumers.get(slot, ()):
        run.doomed.add(index)
        run.waiting[index] -= 1
        if run.waiting[index] == 0:
            _skip(run, run.plan.steps[index])


def _skip(run: _Run, step: Step) -> None:
    run.outcome.skipped.append(step.name)
    if run.observers:
        notify(run.observers, Event(SKIPPED, step.name, step.index))
    _take_arguments(run, step)
    _broken(run, step.out)


# ---- completion --------------------------------------------------------------


def _finish(run: _Run, unit: _Unit, result: Any, told: int = 0) -> None:
    """Take in a unit's report; ``told``: how many of its events observers had already."""
    for pool in _pools_of_unit(run, unit):
        run.in_pool[pool] -= 1
    report = result if isinstance(result, Report) else _lost(unit, result, run.backend)
    if isinstance(unit, _Item):
        _finish_item(run, unit.step, unit.item, report)
        return
    if isinstance(unit, _Chain):
        _finish_chain(run, unit.steps, report, told)
        return
    if run.observers:
        notify(run.observers, end_event(unit, report))
    if report.error is None:
        run.values[unit.out] = report.value
        _produced(run, unit.out)
    else:
        _failed(run, unit, report)


def _finish_chain(run: _Run, steps: Sequence[Step], report: Report, told: int) -> None:
    """Report a chain's steps (the events not told yet); after a failure the rest is skipped."""
    for event in report.events[told:]:
        notify(run.observers, event)
    if report.error is None:
        run.values[steps[-1].out] = report.value
        _produced(run, steps[-1].out)
        return
    failed = next((step for step in steps if step.name == report.error.node), steps[0])
    if not run.keep_going:
        run.failure = run.failure or report
        return
    run.outcome.errors.setdefault(report.error.node or failed.name, report.error)
    for step in steps[steps.index(failed) + 1 :]:
        run.outcome.skipped.append(step.name)
        if run.observers:
            notify(run.observers, Event(SKIPPED, step.name, step.index))
    _broken(run, steps[-1].out)


def _finish_item(run: _Run, step: Step, item: int, report: Report) -> None:
    for event in report.events:
        notify(run.observers, event)
    block = run.blocks[step.index]
    block.left -= 1
    if report.error is None:
        block.results[item] = report.value
    else:
        block.failure = block.failure or report
        if not run.keep_going:
            run.failure = run.failure or report
    if block.left == 0:
        _close_block(run, step)


def _close_block(run: _Run, step: Step) -> None:
    block = run.blocks.pop(step.index)
    if block.failure is None:
        held = next((value for value in block.results if isinstance(value, Held)), None)
        run.values[step.out] = block.results if held is None else held.collect(block.results)
        _produced(run, step.out)
    else:
        _failed(run, step, block.failure)


def _failed(run: _Run, step: Step, report: Report) -> None:
    assert report.error is not None
    if not run.keep_going:
        run.failure = run.failure or report
        return
    run.outcome.errors.setdefault(report.error.node or step.name, report.error)
    _broken(run, step.out)


_LOST_HINTS = {
    "BrokenProcessPool": "its worker process died, again when run alone: it ran out of memory "
    "or was killed; give it less data or the machine more memory",
    "": "values and functions must pickle to reach other processes",
}


def _lost(unit: _Unit, error: BaseException, backend: Backend) -> Report:
    """A report for a unit the backend could not run (the worker died, a value did not pickle)."""
    item = unit.item if isinstance(unit, _Item) else None
    if isinstance(unit, _Chain):
        step = unit.steps[0]
        later = ", ".join(later.name for later in unit.steps[1:])
        where = f" (or one run after it in the same task: {later})"
    else:
        step = unit.step if isinstance(unit, _Item) else unit
        where = "" if item is None else f" (item {item})"
    failure = NodeError(
        f"node '{step.name}'{where} could not run on the {backend.kind} executor: "
        f"{type(error).__name__}: {error}",
        node=step.name,
        origin=step.node.origin,
        hint=_LOST_HINTS.get(type(error).__name__, _LOST_HINTS[""]),
    )
    if item is None:
        return Report(None, failure, error)
    event = Event(FAILED, step.name, step.index, error=failure, item=item)
    return Report(None, failure, error, events=(event,))
