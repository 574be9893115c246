"""Sending units to other processes: cloudpickle out, cloudpickle back.

Functions travel by value when their module was loaded from a flow file, so a
worker that has never seen the file can run them; dagrun itself is imported
on the worker by name. Both directions are explicit cloudpickle payloads
(bytes), so neither the process pool's nor Dask's own pickling decides how a
user's function or class travels.
"""

from __future__ import annotations

import sys
import threading
from collections.abc import Callable, Iterable
from types import ModuleType
from typing import Any

import cloudpickle

from dagrun.executors.attempts import Report
from dagrun.executors.scheduler import Done


def ship_by_value(modules: Iterable[ModuleType]) -> None:
    """Pickle the functions and classes of ``modules`` by value from now on.

    A module that is not in ``sys.modules`` under its name already travels by
    value (cloudpickle cannot import it by name), so it needs no registration.
    """
    for module in modules:
        if sys.modules.get(module.__name__) is module and not module.__name__.startswith("dagrun"):
            cloudpickle.register_pickle_by_value(module)


def pack(fn: Callable[..., Report], args: tuple[Any, ...]) -> bytes:
    """The payload for a worker: a unit's function and its arguments."""
    return cloudpickle.dumps((fn, args), protocol=5)


def run_packed(payload: bytes | list[bytes]) -> bytes:
    """Run a packed unit on a worker and pack its report.

    The payload may come in a one-item list, which is emptied: the caller's
    reference to the list then no longer keeps the bytes alive while the node runs.
    """
    fn, args = cloudpickle.loads(payload.pop() if isinstance(payload, list) else payload)
    del payload
    report = fn(*args)
    del fn, args
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
