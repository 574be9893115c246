"""The processes backend: a process pool for nodes that burn CPU.

Workers start from a fresh interpreter (forkserver where available, else
spawn): forking a process that already runs threads can deadlock. The pool
starts on first use and is kept between runs; units travel as cloudpickle
payloads (``remote``).
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from typing import Any

from dagrun.executors import remote
from dagrun.executors.attempts import Report
from dagrun.executors.scheduler import Done


class ProcessBackend:
    """Runs units in ``workers`` processes (default: one per core)."""

    inline_when_alone = False  # CPU work belongs in the workers
    kind = "processes"

    def __init__(self, workers: int | None = None) -> None:
        self.workers = workers or os.cpu_count() or 1
        self._pool: ProcessPoolExecutor | None = None
        self._pending = remote.Pending()

    def capacity(self) -> int:
        return self.workers

    def submit(self, fn: Callable[..., Report], args: tuple[Any, ...], done: Done) -> None:
        # The payload sits in a list the worker empties on its side and we empty on
        # ours once the result is in, so the arguments are not held twice meanwhile.
        box = [remote.pack(fn, args)]
        self._pending.watch(self._start().submit(remote.run_packed, box), done, box)

    def _start(self) -> ProcessPoolExecutor:
        if self._pool is None or getattr(self._pool, "_broken", False):
            # A worker that died breaks the whole pool; the next unit gets a fresh one.
            methods = multiprocessing.get_all_start_methods()
            method = "forkserver" if "forkserver" in methods else "spawn"
            context = multiprocessing.get_context(method)
            if method == "forkserver":  # workers fork with dagrun's runner already imported
                context.set_forkserver_preload([remote.__name__])
            self._pool = ProcessPoolExecutor(self.workers, mp_context=context)
        return self._pool

    def cancel(self) -> None:
        self._pending.cancel()

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=False, cancel_futures=True)
            self._pool = None
