"""Sending units to other processes: cloudpickle out, cloudpickle back.

Functions travel by value when their module was loaded from a flow file, so a
worker that has never seen the file can run them; dagrun itself is imported
on the worker by name. Both directions are explicit cloudpickle payloads
(bytes), so neither the process pool's nor Dask's own pickling decides how a
user's function or class travels.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterable
from dataclasses import replace
from types import ModuleType
from typing import Any

import cloudpickle

from dagrun.executors.attempts import Report


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


def run_packed(payload: bytes) -> bytes:
    """Run a packed unit on a worker and pack its report."""
    fn, args = cloudpickle.loads(payload)
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
        return cloudpickle.dumps(replace(report, cause=stand_in), protocol=5)


def unpack(payload: bytes) -> Report:
    """The report a worker sent back."""
    return cloudpickle.loads(payload)
