"""The processes backend: a process pool for nodes that burn CPU.

Workers start from a fresh interpreter (forkserver where available, else
spawn): forking a process that already runs threads can deadlock. The pool
starts on first use and is kept between runs; units travel as cloudpickle
payloads (``remote``). A worker that dies (out of memory, killed) breaks the
whole pool and fails every unit in flight, so each of those runs once more
alone in a process of its own: only a unit that kills its worker again fails.
Stopping a run (Ctrl-C, SIGTERM) terminates the workers: nothing outlives it.
"""

from __future__ import annotations

import contextlib
import itertools
import multiprocessing
import os
import signal
import threading
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager
from multiprocessing.connection import Client, Connection, Listener
from typing import Any

import cloudpickle

from dagrun.executors import remote
from dagrun.executors.attempts import Report
from dagrun.executors.scheduler import Done


class ProcessBackend:
    """Runs units in ``workers`` processes (default: one per core)."""

    inline_when_alone = False  # CPU work belongs in the workers
    in_process = False
    kind = "processes"

    def __init__(self, workers: int | None = None) -> None:
        self.workers = workers or os.cpu_count() or 1
        self._pool: ProcessPoolExecutor | None = None
        self._listener: Listener | None = None  # where workers announce events (see below)
        self._channels: dict[int, Callable[[tuple[int, Any]], None]] = {}
        self._next_channel = itertools.count()
        self._pending = remote.Pending()
        self._solos: list[ProcessPoolExecutor] = []  # one-unit pools for units whose worker died
        self._stopped = False  # cancel() ran: results of the stopped units are dropped

    def capacity(self) -> int:
        return self.workers

    def submit(self, fn: Callable[..., Report], args: tuple[Any, ...], done: Done) -> None:
        self._stopped = False
        payload = remote.pack(fn, args)
        self._send(self._start(), payload, self._blaming(payload, done))

    def _send(self, pool: ProcessPoolExecutor, payload: bytes, done: Done) -> None:
        # The payload sits in a list the worker empties on its side and we empty on
        # ours once the result is in, so the arguments are not held twice meanwhile.
        box = [payload]
        with _signals_deferred():  # a worker half-spawned when Ctrl-C lands would be orphaned
            future = pool.submit(remote.run_packed, box)
        self._pending.watch(future, done, box)

    def _blaming(self, payload: bytes, done: Done) -> Done:
        """``done``, but a unit lost with a broken pool first runs once more alone."""

        def report(result: Any) -> None:
            if self._stopped:
                return
            if isinstance(result, BrokenProcessPool):
                solo = ProcessPoolExecutor(1, mp_context=_context())
                self._solos.append(solo)
                self._send(solo, payload, lambda again: None if self._stopped else done(again))
                solo.shutdown(wait=False)  # its process exits once the unit is done
                return
            done(result)

        return report

    def _start(self) -> ProcessPoolExecutor:
        if self._pool is None or getattr(self._pool, "_broken", False):
            # A worker that died breaks the whole pool; the next unit gets a fresh one.
            self._pool = ProcessPoolExecutor(self.workers, mp_context=_context())
        return self._pool

    # ---- events as they happen -------------------------------------------------
    # Workers connect to a listener of the driver's on their first announcement; a
    # thread per connection passes events to the run whose channel they name. A
    # worker that dies just closes its connection. The listener is a Unix socket in
    # a folder only this user can enter (multiprocessing's private temp dir), so
    # there is no handshake that a dying worker could leave half done.

    def open_channel(self, deliver: Callable[[tuple[int, Any]], None]) -> int:
        if self._listener is None:
            self._listener = Listener(family="AF_UNIX")
            threading.Thread(
                target=self._accept, args=(self._listener,), name="dagrun-events", daemon=True
            ).start()
        channel = next(self._next_channel)
        self._channels[channel] = deliver
        return channel

    def emitter(self, channel: int, key: int) -> remote.ProcessAnnouncer:
        assert self._listener is not None
        return remote.ProcessAnnouncer(self._listener.address, channel, key)

    def close_channel(self, channel: int) -> None:
        self._channels.pop(channel, None)

    def _accept(self, listener: Listener) -> None:
        while True:
            try:
                connection = listener.accept()
            except OSError:
                if self._listener is not listener:  # closed by ``_stop_listening``
                    return
                continue  # one caller gave up while connecting: serve the next
            if self._listener is not listener:  # the wake-up call of ``_stop_listening``
                connection.close()
                return
            threading.Thread(target=self._relay, args=(connection,), daemon=True).start()

    def _relay(self, connection: Connection) -> None:
        with connection:
            while True:
                try:
                    channel, key, event = cloudpickle.loads(connection.recv_bytes())
                except (EOFError, OSError):  # the worker has gone
                    return
                deliver = self._channels.get(channel)
                if deliver is not None:
                    deliver((key, event))

    def _stop_listening(self) -> None:
        listener, self._listener = self._listener, None
        if listener is not None:
            with contextlib.suppress(OSError):  # wakes the accepting thread, which then ends
                Client(listener.address, family="AF_UNIX").close()
            listener.close()

    def cancel(self) -> None:
        """Drop queued units and stop the workers running others (a stopped run waits for none)."""
        self._stopped = True  # units failing as their workers are stopped are not retried
        self._pending.cancel()
        pools, self._solos, self._pool = [*self._solos, self._pool], [], None
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
        self._shutdown(pools)

    def close(self) -> None:
        pools, self._solos, self._pool = [*self._solos, self._pool], [], None
        self._shutdown(pools)
        self._stop_listening()

    @staticmethod
    def _shutdown(pools: list[ProcessPoolExecutor | None]) -> None:
        for pool in pools:
            if pool is not None:
                pool.shutdown(wait=False, cancel_futures=True)


def _context() -> multiprocessing.context.BaseContext:
    methods = multiprocessing.get_all_start_methods()
    method = "forkserver" if "forkserver" in methods else "spawn"
    context = multiprocessing.get_context(method)
    if method == "forkserver":  # workers fork with dagrun's runner already imported
        context.set_forkserver_preload([remote.__name__])
    return context


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
