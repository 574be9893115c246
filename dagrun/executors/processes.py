"""The processes backend: a process pool for nodes that burn CPU.

Workers start from a fresh interpreter (forkserver where available, else
spawn): forking a process that already runs threads can deadlock. The pool
starts on first use and is kept between runs; units travel as cloudpickle
payloads (``remote``).
"""

from __future__ import annotations

import multiprocessing
import os
import signal
import threading
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
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
        self._lock = threading.Lock()  # callbacks run on the pool's thread

    def capacity(self) -> int:
        return self.workers

    def submit(self, fn: Callable[..., Report], args: tuple[Any, ...], done: Done) -> None:
        payload = remote.pack(fn, args)
        with _signals_deferred():  # a worker half-spawned when Ctrl-C lands would be orphaned
            future = self._start().submit(remote.run_packed, payload)
        with self._lock:
            self._pending.add(future)
        future.add_done_callback(lambda finished: self._done(finished, done))

    def _done(self, future: Future[bytes], done: Done) -> None:
        with self._lock:
            self._pending.discard(future)
        if future.cancelled():
            return
        try:
            result: Any = remote.unpack(future.result())
        except BaseException as error:  # a dead worker or a value that would not pickle
            result = error
        done(result)

    def _start(self) -> ProcessPoolExecutor:
        if self._pool is None:
            methods = multiprocessing.get_all_start_methods()
            method = "forkserver" if "forkserver" in methods else "spawn"
            context = multiprocessing.get_context(method)
            self._pool = ProcessPoolExecutor(self.workers, mp_context=context)
        return self._pool

    def cancel(self) -> None:
        """Drop queued units and stop the workers running others (a stopped run waits for none)."""
        with self._lock:
            pending = list(self._pending)
        for future in pending:
            future.cancel()
        if self._pool is not None:
            workers = list((getattr(self._pool, "_processes", None) or {}).values())
            for worker in workers:
                worker.terminate()
            for worker in workers:
                worker.join(timeout=5)
            self._pool.shutdown(wait=False, cancel_futures=True)
            self._pool = None  # the next run starts a fresh pool

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=False, cancel_futures=True)
            self._pool = None


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
