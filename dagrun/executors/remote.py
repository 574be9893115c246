"""Sending units to other processes: cloudpickle out, cloudpickle back.

Functions travel by value when their module was loaded from a flow file, so a
worker that has never seen the file can run them; dagrun itself is imported
on the worker by name. Both directions are explicit cloudpickle payloads
(bytes), so neither the process pool's nor Dask's own pickling decides how a
user's function or class travels.

Also here: packing that leaves Dask-held values out of a payload (the worker
puts them back), the small description of a report the driver gets from Dask,
and the announcers that send a chain's events to the driver as they happen.
"""

from __future__ import annotations

import abc
import io
import pickle
import sys
import threading
from collections.abc import Callable, Iterable
from dataclasses import replace
from types import ModuleType
from typing import Any

import cloudpickle

from dagrun.executors.attempts import Report
from dagrun.executors.events import Event
from dagrun.executors.scheduler import Done


def ship_by_value(modules: Iterable[ModuleType]) -> None:
    """Pickle the functions and classes of ``modules`` by value from now on.

    A module that is not in ``sys.modules`` under its name already travels by
    value (cloudpickle cannot import it by name), so it needs no registration.
    """
    for module in modules:
        if sys.modules.get(module.__name__) is module and not module.__name__.startswith("dagrun"):
            cloudpickle.register_pickle_by_value(module)


class _Announcer(abc.ABC):
    """Sends one unit's events to the driver as they happen, from a worker.

    Best effort: an event that cannot be sent silences the rest, which then
    reach the driver in the unit's report (the driver counts what it was told).
    """

    def __init__(self, channel: Any, key: int) -> None:
        self.channel = channel
        self.key = key
        self.silent = False

    def __call__(self, event: Event) -> None:
        if self.silent:
            return
        try:
            self._send(event)
        except Exception:
            self.silent = True

    @abc.abstractmethod
    def _send(self, event: Event) -> None:
        """Put ``event`` on its way; raising silences this announcer."""


_to_driver: dict[str, Any] = {}  # in a worker process: a connection per driver address


class ProcessAnnouncer(_Announcer):
    """Announces over a connection to the driver's listener, made on first use."""

    def __init__(self, address: str, channel: int, key: int) -> None:
        super().__init__(channel, key)
        self.address = address

    def _send(self, event: Event) -> None:
        connection = _to_driver.get(self.address)
        if connection is None:
            from multiprocessing.connection import Client

            connection = _to_driver[self.address] = Client(self.address, family="AF_UNIX")
        connection.send_bytes(cloudpickle.dumps((self.channel, self.key, event)))


class DaskAnnouncer(_Announcer):
    """Announces as messages on the channel's topic, which the driver's client follows."""

    def _send(self, event: Event) -> None:
        from distributed import get_worker

        get_worker().log_event(f"dagrun-{self.channel}", (self.key, cloudpickle.dumps(event)))


def pack(fn: Callable[..., Report], args: tuple[Any, ...]) -> bytes:
    """The payload for a worker: a unit's function and its arguments."""
    return cloudpickle.dumps((fn, args), protocol=5)


def pack_holding(
    fn: Callable[..., Report], args: tuple[Any, ...], held: type
) -> tuple[bytes, list[Any]]:
    """``pack``, with every ``held`` value in ``args`` left out and returned in order.

    The payload marks where each was; ``run_held`` puts the values back on the
    worker, wherever in the arguments they sat.
    """
    buffer = io.BytesIO()
    found: list[Any] = []
    _HoldingPickler(buffer, held, found).dump((fn, args))
    return buffer.getvalue(), found


class _HoldingPickler(cloudpickle.Pickler):
    def __init__(self, buffer: io.BytesIO, held: type, found: list[Any]) -> None:
        super().__init__(buffer, protocol=5)
        self.held = held
        self.found = found

    def persistent_id(self, obj: Any) -> int | None:
        if isinstance(obj, self.held):
            self.found.append(obj)
            return len(self.found) - 1
        return None


class _HoldingUnpickler(pickle.Unpickler):
    def __init__(self, payload: bytes, reports: tuple[Report, ...]) -> None:
        super().__init__(io.BytesIO(payload))
        self.reports = reports

    def persistent_load(self, pid: Any) -> Any:
        return self.reports[pid].value


class OnWorker:
    """Put in a report, in place of a value that stayed on the worker."""


def run_held(payload: bytes, *reports: Report) -> Report:
    """Run a unit packed by ``pack_holding``; ``reports`` hold the values it left out.

    The report stays on the worker, value and all; ``describe`` sends word of it.
    """
    fn, args = _HoldingUnpickler(payload, reports).load()
    del payload, reports
    return fn(*args)


def describe(report: Report, largest: int) -> bytes:
    """``report`` packed for the driver, its value left out when bigger than ``largest`` bytes.

    A value that does not pickle stays out too: only a consumer on the cluster needs it.
    """
    from dask.sizeof import sizeof

    if report.error is None and sizeof(report.value) > largest:
        return pack_report(_value_left_out(report))
    try:
        return pack_report(report)
    except Exception:
        return pack_report(_value_left_out(report))


def _value_left_out(report: Report) -> Report:
    events = tuple(replace(event, value=None) for event in report.events)  # a chain's last
    return report._replace(value=OnWorker(), events=events)


def gather_values(held_at: tuple[int, ...], *values: Any) -> Report:
    """A report whose value is ``values`` as a list, the reports at ``held_at`` opened."""
    opened = [value.value if index in held_at else value for index, value in enumerate(values)]
    return Report(opened)


def run_packed(payload: bytes | list[bytes]) -> bytes:
    """Run a packed unit on a worker and pack its report.

    The payload may come in a one-item list, which is emptied: the caller's
    reference to the list then no longer keeps the bytes alive while the node runs.
    """
    fn, args = cloudpickle.loads(payload.pop() if isinstance(payload, list) else payload)
    del payload
    report = fn(*args)
    del fn, args
    return pack_report(report)


def pack_report(report: Report) -> bytes:
    """A worker's report as bytes for the driver.

    Raises:
        Exception: the value does not pickle (the scheduler reports the node as lost).
    """
    try:
        return cloudpickle.dumps(report, protocol=5)
    except Exception:
        if report.cause is None:
            raise  # the value does not pickle: the scheduler reports the node as lost
        # The node's own exception does not pickle: its text still explains the failure.
        stand_in = RuntimeError(f"{type(report.cause).__name__}: {report.cause}")
        return cloudpickle.dumps(report._replace(cause=stand_in), protocol=5)


def unpack(payload: bytes) -> Report:
    """The report a worker sent back."""
    return cloudpickle.loads(payload)


class Pending:
    """Futures of packed units in flight, each reporting its unpacked result to ``done``.

    Works for ``concurrent.futures`` and ``distributed`` futures alike; their
    callbacks run on the pool's or Dask's threads, hence the lock.
    """

    def __init__(self) -> None:
        self._futures: set[Any] = set()
        self._lock = threading.Lock()

    def watch(self, future: Any, done: Done, box: list[bytes] | None = None) -> None:
        """Call ``done`` with the unit's report, or the error that kept it from running.

        ``box`` holds the payload on this side; it is emptied once the result is in.
        """
        with self._lock:
            self._futures.add(future)
        future.add_done_callback(lambda finished: self._finished(finished, done, box))

    def _finished(self, future: Any, done: Done, box: list[bytes] | None) -> None:
        if box is not None:
            box.clear()
        with self._lock:
            self._futures.discard(future)
        if future.cancelled():
            return
        try:
            result: Any = unpack(future.result())
        except BaseException as error:  # a dead worker, or a value that would not pickle
            result = error
        done(result)

    def cancel(self) -> None:
        """Cancel every unit not finished yet (the running ones finish on their own)."""
        with self._lock:
            futures = list(self._futures)
        for future in futures:
            future.cancel()
