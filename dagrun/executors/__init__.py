"""Executors: run a ``Plan`` on given seed values and hand back the outputs.

``make_executor(kind, ...)`` is the one place that knows the kinds:

    sequential   the calling thread, one step after another (the reference)
    threads      worker threads, for nodes that wait on APIs or disks
    processes    worker processes, for nodes that burn CPU
    dask         a dask.distributed cluster: ``address`` or a LocalCluster

Every kind but ``sequential`` is the shared event-driven scheduler
(``scheduler.py``) over a backend that only knows how to start a unit of work.
Backends are imported on first use, so dask loads only when asked for.
"""

from __future__ import annotations

import importlib
from collections.abc import Mapping, Sequence
from types import ModuleType
from typing import Any

from dagrun.errors import InputError, did_you_mean
from dagrun.executors.events import Observer, Outcome
from dagrun.plan import Plan

# kind -> "module:backend class" (sequential needs no backend)
BACKENDS = {
    "threads": "dagrun.executors.threads:ThreadBackend",
    "processes": "dagrun.executors.processes:ProcessBackend",
    "dask": "dagrun.executors.dask:DaskBackend",
}
KINDS = ("sequential", *BACKENDS)


class Executor:
    """Runs plans: in the calling thread without a backend, else by the shared scheduler.

    Holds the backend's workers between runs, until ``close``.
    """

    def __init__(self, kind: str, backend: Any = None, pools: Mapping[str, int] | None = None):
        self.kind = kind
        self.backend = backend
        self.pools = dict(pools or {})

    def run(
        self,
        plan: Plan,
        values: list[Any],
        observers: Sequence[Observer] = (),
        keep_going: bool = False,
    ) -> Outcome:
        """Run ``plan`` on ``values``: same events, errors and outcome on every kind."""
        if self.backend is None:
            from dagrun.executors.sequential import run_plan

            return run_plan(plan, values, observers, keep_going)
        from dagrun.executors.scheduler import run_scheduled

        return run_scheduled(plan, values, self.backend, observers, keep_going, self.pools)

    def close(self) -> None:
        """Release the backend's workers, processes or cluster connection."""
        if self.backend is not None:
            self.backend.close()


def make_executor(
    kind: str = "sequential",
    max_workers: int | None = None,
    address: str | None = None,
    pools: Mapping[str, int] | None = None,
    modules: Sequence[ModuleType] = (),
) -> Executor:
    """The executor of ``kind``; nothing starts until its first run.

    Args:
        kind: sequential, threads, processes or dask.
        max_workers: threads or processes to start (dask: workers of a LocalCluster).
        address: a running Dask scheduler (``tcp://host:8786``); dask only.
        pools: concurrency pool sizes, ``{"openai": 4}``.
        modules: the flow's modules; processes and dask ship their functions by value,
            so workers need not have the files.

    Raises:
        InputError: an unknown kind, a worker count below 1, or an address for a kind
            that does not take one.
    """
    if kind not in KINDS:
        raise InputError(
            f"unknown executor '{kind}'",
            hint=did_you_mean(kind, KINDS) or f"use one of {', '.join(KINDS)}",
        )
    if max_workers is not None and (not isinstance(max_workers, int) or max_workers < 1):
        raise InputError(f"max_workers must be a whole number >= 1, not {max_workers!r}")
    if address is not None and kind != "dask":
        raise InputError(
            f"an address is for the dask executor, not '{kind}'",
            hint="use executor='dask' with address=..., or drop the address",
        )
    if kind == "sequential":
        return Executor(kind)
    if kind != "threads":
        from dagrun.executors.remote import ship_by_value

        ship_by_value(modules)
    module, _, name = BACKENDS[kind].partition(":")
    backend_class = getattr(importlib.import_module(module), name)
    backend = backend_class(max_workers, address) if kind == "dask" else backend_class(max_workers)
    return Executor(kind, backend, pools)
