"""The threads backend: daemon worker threads fed by one queue.

For nodes that wait (API calls, I/O). Workers are plain daemon threads rather
than a ``ThreadPoolExecutor``: submitting is one queue put, and a run cut short
by Ctrl-C does not hold the interpreter open while abandoned calls finish.
"""

from __future__ import annotations

import os
import queue
import threading
from collections.abc import Callable
from typing import Any

from dagrun.executors.attempts import Report
from dagrun.executors.scheduler import Done

_Job = tuple[Callable[..., Report], tuple[Any, ...], Done]


def default_workers() -> int:
    """As many threads as ``ThreadPoolExecutor`` would start: waiting work needs more than cores."""
    return min(32, (os.cpu_count() or 1) + 4)


class ThreadBackend:
    """Runs units on ``workers`` daemon threads, started on first use and kept between runs."""

    inline_when_alone = True  # the GIL makes the scheduler's thread as good as a worker's
    in_process = True
    kind = "threads"

    def __init__(self, workers: int | None = None) -> None:
        self.workers = workers or default_workers()
        self._jobs: queue.SimpleQueue[_Job | None] = queue.SimpleQueue()
        self._threads: list[threading.Thread] = []

    def capacity(self) -> int:
        return self.workers

    def submit(self, fn: Callable[..., Report], args: tuple[Any, ...], done: Done) -> None:
        if not self._threads:
            self._start()
        self._jobs.put((fn, args, done))

    def _start(self) -> None:
        for number in range(self.workers):
            thread = threading.Thread(
                target=_work, args=(self._jobs,), name=f"dagrun-worker-{number}", daemon=True
            )
            thread.start()
            self._threads.append(thread)

    def cancel(self) -> None:
        try:
            while True:
                self._jobs.get_nowait()
        except queue.Empty:
            pass

    def close(self) -> None:
        self.cancel()
        for _ in self._threads:
            self._jobs.put(None)
        self._threads.clear()


def _work(jobs: queue.SimpleQueue[_Job | None]) -> None:
    """Run jobs until told to stop, holding no reference to a finished job's values."""
    while True:
        job = jobs.get()
        if job is None:
            return
        fn, args, done = job
        del job
        try:
            result: Any = fn(*args)
        except BaseException as error:  # reported to the scheduler, never lost in a thread
            result = error
        del fn, args
        done(result)
        del done, result
