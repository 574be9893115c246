"""The dask backend: units as tasks on a dask.distributed cluster.

With an ``address`` the backend joins a running scheduler; without one it
starts a ``LocalCluster`` of worker processes on first use. Units travel as
cloudpickle payloads (``remote``), so workers need dagrun installed but not the
flow's files. The cluster and client are kept between runs until ``close``.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from dagrun.errors import InputError
from dagrun.executors import remote
from dagrun.executors.attempts import Report
from dagrun.executors.scheduler import Done

if TYPE_CHECKING:
    from distributed import Client, Future


class DaskBackend:
    """Runs units on a Dask cluster: the one at ``address``, or a LocalCluster of ``workers``."""

    kind = "dask"

    def __init__(self, workers: int | None = None, address: str | None = None) -> None:
        self.workers = workers
        self.address = address
        self._client: Client | None = None
        self._cluster: Any = None
        self._pending: set[Future] = set()
        self._lock = threading.Lock()  # done callbacks run on Dask's threads

    def capacity(self) -> int:
        return sum(self._connect().nthreads().values())

    def submit(self, fn: Callable[..., Report], args: tuple[Any, ...], done: Done) -> None:
        future = self._connect().submit(remote.run_packed, remote.pack(fn, args), pure=False)
        with self._lock:
            self._pending.add(future)
        future.add_done_callback(lambda finished: self._done(finished, done))

    def _done(self, future: Future, done: Done) -> None:
        with self._lock:
            self._pending.discard(future)
        if future.cancelled():
            return
        try:
            result: Any = remote.unpack(future.result())
        except BaseException as error:  # a lost worker or a value that would not pickle
            result = error
        done(result)

    def _connect(self) -> Client:
        if self._client is None:
            from distributed import Client, LocalCluster

            if self.address is None:
                self._cluster = LocalCluster(
                    n_workers=self.workers or 2, threads_per_worker=1, dashboard_address=None
                )
                self._client = Client(self._cluster, set_as_default=False)
            else:
                self._client = _client_at(self.address)
        return self._client

    def cancel(self) -> None:
        with self._lock:
            pending = list(self._pending)
        if pending and self._client is not None:
            self._client.cancel(pending)

    def close(self) -> None:
        if self._client is not None:
            self._client.close()
            self._client = None
        if self._cluster is not None:
            self._cluster.close()
            self._cluster = None


def _client_at(address: str) -> Client:
    from distributed import Client

    try:
        return Client(address, set_as_default=False)  # connect timeout: Dask's config
    except OSError as error:
        raise InputError(
            f"cannot reach the Dask scheduler at {address}: {error}",
            hint="start one with `dask scheduler`, or leave the address out for a local cluster",
        ) from error
