"""The processes backend: a process pool for nodes that burn CPU.

Workers start from a fresh interpreter (forkserver where available, else
spawn): forking a process that already runs threads can deadlock. The pool
starts on first use and is kept between runs; units travel as cloudpickle
payloads (``remote``). A worker that dies (out of memory, killed) breaks the
whole pool and fails every unit in flight, so each of those runs once more
alone in a process of its own: only a unit that kills its worker again fails.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
import threading
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager
from typing import Any

from dagrun.executors import remote
from dagrun.executors.attempts import Report
from dagrun.executors.scheduler import Done


class ProcessBackend:
    """Runs units in ``workers`` processes (default: one per core)."""

    kind = "processes"

    def __init__(self, workers: int | None = None) -> None:
        self.workers = workers or os.cpu_count() or 1
        self._pool: ProcessPoolExecutor | None = None
        self._pending: set[Future[bytes]] = set()
        self._solos: list[ProcessPoolExecutor] = []  # one-unit pools for units whose worker died
        self._stopped = False  # cancel() ran: results of the stopped units are dropped
        self._lock = threading.Lock()  # callbacks run on the pool's thread

    def capacity(self) -> int:
        return self.workers

    def submit(self, fn: Callable[..., Report], args: tuple[Any, ...], done: Done) -> None:
        self._stopped = False
        payload = remote.pack(fn, args)
        try:
            self._send(self._start(), payload, done, retry=True)
        except BrokenProcessPool:  # a worker died in an earlier unit: start a fresh pool
            self._pool = None
            self._send(self._start(), payload, done, retry=True)

    def _send(self, pool: ProcessPoolExecutor, payload: bytes, done: Done, retry: bool) -> None:
        with _signals_deferred():  # a worker half-spawned when Ctrl-C lands would be orphaned
            future = pool.submit(remote.run_packed, payload)
        with self._lock:
            self._pending.add(future)
        future.add_done_callback(lambda finished: self._done(finished, payload, done, retry))

    def _done(self, future: Future[bytes], payload: bytes, done: Done, retry: bool) -> None:
        with self._lock:
            self._pending.discard(future)
        if future.cancelled() or self._stopped:
            return
        try:
            result: Any = remote.unpack(future.result())
        except BrokenProcessPool as error:
            if retry:  # every unit in flight fails with a dead worker; find the one to blame
                solo = self._solo()
                self._send(solo, payload, done, retry=False)
                solo.shutdown(wait=False)  # its process exits once the unit is done
                return
            result = error
        except BaseException as error:  # a value that would not pickle
            result = error
        done(result)

    def _solo(self) -> ProcessPoolExecutor:
        """A one-process pool for one unit, so only a unit that kills its worker again is blamed."""
        pool = ProcessPoolExecutor(1, mp_context=_context())
        with self._lock:
            self._solos.append(pool)
        return pool

    def _start(self) -> ProcessPoolExecutor:
        if self._pool is None:
            self._pool = ProcessPoolExecutor(self.workers, mp_context=_context())
        return self._pool

    def cancel(self) -> None:
        """Drop queued units and stop the workers running others (a stopped run waits for none)."""
        self._stopped = True  # units failing as their workers are stopped are not retried
        with self._lock:
            pending = list(self._pending)
        for future in pending:
            future.cancel()
        with self._lock:
            pools, self._solos = [*self._solos, self._pool], []
        self._pool = None  # the next run starts a fresh pool
        workers = [
            worker
            for pool in pools
            if pool is not None
            for worker in (getattr(pool, "_processes", None) or {}).values()
        ]
        for worker in workers:
            worker.terminate()
        for worker in workers:
            worker.join(timeout=5)
        for pool in pools:
            if pool is not None:
                pool.shutdown(wait=False, cancel_futures=True)

    def close(self) -> None:
        with self._lock:
            pools, self._solos = [*self._solos, self._pool], []
        self._pool = None
        for pool in pools:
            if pool is not None:
                pool.shutdown(wait=False, cancel_futures=True)


def _context() -> multiprocessing.context.BaseContext:
    methods = multiprocessing.get_all_start_methods()
    return multiprocessing.get_context("forkserver" if "forkserver" in methods else "spawn")


@contextmanager
def _signals_deferred() -> Iterator[None]:
    """Hold SIGINT and SIGTERM until the block ends, then act on them as usual.

    Submitting may spawn a worker; an interrupt inside that leaves a process the
    pool does not know about, which then cannot be stopped.
    """
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    caught: list[int] = []
    stops = (signal.SIGINT, signal.SIGTERM)
    previous = {number: signal.signal(number, lambda n, _: caught.append(n)) for number in stops}
    try:
        yield
    finally:
        for number, handler in previous.items():
            signal.signal(number, handler)
        for number in caught:
            handler = previous[number]
            if callable(handler):
                handler(number, None)
            elif handler == signal.SIG_DFL:
                signal.raise_signal(number)
