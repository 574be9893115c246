"""The processes backend: a process pool for nodes that burn CPU.

Workers start from a fresh interpreter (forkserver where available, else
spawn): forking a process that already runs threads can deadlock. The pool
starts on first use and is kept between runs; units travel as cloudpickle
payloads (``remote``).
"""

from __future__ import annotations

import multiprocessing
import os
import threading
from collections.abc import Callable
from concurrent.futures import Future, ProcessPoolExecutor
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
        future = self._start().submit(remote.run_packed, remote.pack(fn, args))
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
        with self._lock:
            pending = list(self._pending)
        for future in pending:
            future.cancel()

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=False, cancel_futures=True)
            self._pool = None
