"""The dask backend: units as tasks on a dask.distributed cluster.

With an ``address`` the backend joins a running scheduler; without one it
starts a ``LocalCluster`` of worker processes on first use. Units travel as
cloudpickle payloads (``remote``), so workers need dagrun installed but not the
flow's files. A unit's value stays on the worker that made it unless it is
small: the driver holds a ``DaskHeld`` in its place, consumers get it from the
cluster (Dask moves it between workers if need be) and it is freed once the
scheduler drops its last reference. The cluster and client are kept between
runs until ``close``.
"""

from __future__ import annotations

import secrets
import socket
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import cloudpickle

from dagrun.errors import InputError
from dagrun.executors import remote
from dagrun.executors.attempts import Report
from dagrun.executors.scheduler import Done, Held

if TYPE_CHECKING:
    from distributed import Client, Future


_SCATTER_ABOVE = 1024 * 1024  # bytes
_BRING_BACK_UP_TO = 64 * 1024  # bytes: a bigger value stays on its worker until needed


class DaskBackend:
    """Runs units on a Dask cluster: the one at ``address``, or a LocalCluster of ``workers``."""

    inline_when_alone = False  # CPU work belongs in the workers
    in_process = False
    kind = "dask"

    def __init__(self, workers: int | None = None, address: str | None = None) -> None:
        self.workers = workers
        self.address = address
        self._client: Client | None = None
        self._cluster: Any = None
        self._pending = remote.Pending()

    def capacity(self) -> int:
        return sum(self._connect().nthreads().values())

    def submit(self, fn: Callable[..., Report], args: tuple[Any, ...], done: Done) -> None:
        client = self._connect()
        packed, held = remote.pack_holding(fn, args, DaskHeld)
        payload: Any = packed
        if len(packed) > _SCATTER_ABOVE:  # big values go straight to a worker, not the scheduler
            payload = client.scatter(packed, hash=False)
        del packed
        # The report stays on the worker that made it; the driver hears a description,
        # with the value in it only when that is small.
        ran = client.submit(remote.run_held, payload, *(value.future for value in held), pure=False)
        described = client.submit(remote.describe, ran, _BRING_BACK_UP_TO, pure=False)
        self._pending.watch(described, lambda report: done(_holding(report, ran)))

    # ---- events as they happen -------------------------------------------------

    def open_channel(self, deliver: Callable[[tuple[int, Any]], None]) -> str:
        channel = secrets.token_hex(6)

        def hear(message: tuple[float, tuple[int, bytes]]) -> None:
            key, data = message[1]
            deliver((key, cloudpickle.loads(data)))

        self._connect().subscribe_topic(f"dagrun-{channel}", hear)
        return channel

    def emitter(self, channel: str, key: int) -> remote.DaskAnnouncer:
        return remote.DaskAnnouncer(channel, key)

    def close_channel(self, channel: str) -> None:
        if self._client is not None:
            self._client.unsubscribe_topic(f"dagrun-{channel}")

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
            from dagrun.executors.dask_workers import ImportCollections

            self._client.register_plugin(ImportCollections(), name="dagrun-import-collections")
        return self._client

    def cancel(self) -> None:
        self._pending.cancel()

    def close(self) -> None:
        if self._client is not None:
            self._client.close()
            self._client = None
        if self._cluster is not None:
            self._cluster.close()
            self._cluster = None


class DaskHeld(Held):
    """A value on the cluster: the future of the report that holds it."""

    __slots__ = ("future",)

    def __init__(self, future: Future) -> None:
        self.future = future

    def fetch(self) -> Any:
        return self.future.result().value

    def collect(self, values: list[Any]) -> DaskHeld:
        held_at = tuple(index for index, value in enumerate(values) if isinstance(value, DaskHeld))
        parts = [value.future if isinstance(value, DaskHeld) else value for value in values]
        return DaskHeld(
            self.future.client.submit(remote.gather_values, held_at, *parts, pure=False)
        )


def _holding(report: Any, ran: Future) -> Any:
    """``report``, with the value it left on the worker as a ``DaskHeld``."""
    if isinstance(report, Report) and isinstance(report.value, remote.OnWorker):
        return report._replace(value=DaskHeld(ran))
    return report


def _client_at(address: str) -> Client:
    from distributed import Client

    try:
        _check_reachable(address)
        return Client(address, set_as_default=False)  # connect timeout: Dask's config
    except OSError as error:
        raise InputError(
            f"cannot reach the Dask scheduler at {address}: {error}",
            hint="start one with `dask scheduler`, or leave the address out for a local cluster",
        ) from error


def _check_reachable(address: str) -> None:
    """Fail at once on a plain TCP address nobody listens on, before Dask retries for long."""
    scheme, _, rest = address.rpartition("://")
    host, _, port = rest.rpartition(":")
    if scheme in ("", "tcp") and host and port.isdigit():
        socket.create_connection((host.strip("[]"), int(port)), timeout=5).close()
