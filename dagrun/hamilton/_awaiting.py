"""``async def`` nodes on dagrun's engine, which calls node functions synchronously.

dagrun's executors call a node's function and take what it returns as its
value. For the async driver each module's ``async def`` functions are replaced
(in a stand-in module; the user's module is untouched) by a plain function
that hands the coroutine to the event loop awaiting the run and blocks its
worker thread until the value is there. The run itself goes on in a thread,
so that loop stays free to drive every coroutine in flight: coroutines run
on the caller's loop, beside whatever else it runs, and can use the objects
made on it (a web request, a client session, an ``asyncio.Event``).
"""

from __future__ import annotations

import asyncio
import functools
import inspect
import threading
from collections.abc import Callable, Coroutine, Iterator
from contextlib import contextmanager
from dataclasses import replace
from types import FunctionType, ModuleType
from typing import Any

from dagrun.hamilton._support import UsageError
from dagrun.modifiers.base import MODIFIERS_ATTR, modifiers_of
from dagrun.modifiers.resolve import is_node_function, origin_of
from dagrun.modifiers.subdag import ParameterizedSubdag, Subdag
from dagrun.modifiers.with_columns import WithColumns


class LoopBridge:
    """Hands coroutines from worker threads to the event loop of the runs in progress."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._loop: asyncio.AbstractEventLoop | None = None
        self._runs = 0

    @contextmanager
    def serving(self, loop: asyncio.AbstractEventLoop) -> Iterator[None]:
        """While a run awaited on ``loop`` is in progress, its coroutines go to ``loop``."""
        with self._lock:
            if self._runs and self._loop is not loop:
                raise UsageError(
                    "this async driver is running on another event loop",
                    hint="await a driver's runs from one event loop; build one driver per loop",
                )
            self._loop, self._runs = loop, self._runs + 1
        try:
            yield
        finally:
            with self._lock:
                self._runs -= 1
                if not self._runs:
                    self._loop = None

    def wait(self, fn: Callable[..., Coroutine[Any, Any, Any]], kwargs: dict[str, Any]) -> Any:
        """The value of ``fn(**kwargs)``, awaited on the run's loop; its exception raised here."""
        loop = self._loop
        if loop is None:
            raise UsageError(
                f"async node '{fn.__name__}' ({origin_of(fn)}) ran outside AsyncDriver.execute",
                hint="run the flow with `await dr.execute(...)` (or raw_execute)",
            )
        return asyncio.run_coroutine_threadsafe(fn(**kwargs), loop).result()


def awaited(fn: Callable[..., Coroutine[Any, Any, Any]], bridge: LoopBridge) -> Callable[..., Any]:
    """A plain function standing for ``fn``: same name, signature, annotations and decorators."""
    names = tuple(inspect.signature(fn).parameters)

    @functools.wraps(fn)
    def call(*args: Any, **kwargs: Any) -> Any:
        return bridge.wait(fn, {**dict(zip(names, args, strict=False)), **kwargs})

    return call


def awaiting_module(module: ModuleType, bridge: LoopBridge) -> ModuleType:
    """``module`` with its ``async def`` nodes awaited through ``bridge`` (itself, if none).

    So are the ``async def`` functions a ``subdag`` or ``with_columns`` loads."""
    stand_ins = {}
    for name, value in vars(module).items():
        if not is_node_function(name, value, module.__name__):
            continue
        if inspect.iscoroutinefunction(value):
            stand_ins[name] = awaited(value, bridge)
            continue
        records = modifiers_of(value)
        changed = [_record_awaiting(record, bridge) for record in records]
        if any(new is not old for new, old in zip(changed, records, strict=True)):
            stand_ins[name] = _with_records(value, changed)
    if not stand_ins:
        return module
    stand_in = ModuleType(module.__name__, module.__doc__)
    stand_in.__dict__.update(vars(module))
    stand_in.__dict__.update(stand_ins)
    return stand_in


def _record_awaiting(record: Any, bridge: LoopBridge) -> Any:
    """``record`` with the functions and modules it loads awaited (itself, if none is async)."""
    if isinstance(record, ParameterizedSubdag):
        subdags = tuple(_record_awaiting(one, bridge) for one in record.subdags)
        changed = any(new is not old for new, old in zip(subdags, record.subdags, strict=True))
        return replace(record, subdags=subdags) if changed else record
    if not isinstance(record, Subdag | WithColumns):
        return record
    items = tuple(_item_awaiting(item, bridge) for item in record.load_from)
    changed = any(new is not old for new, old in zip(items, record.load_from, strict=True))
    return replace(record, load_from=items) if changed else record


def _item_awaiting(item: Any, bridge: LoopBridge) -> Any:
    if isinstance(item, ModuleType):
        return awaiting_module(item, bridge)
    return awaited(item, bridge) if inspect.iscoroutinefunction(item) else item


def _with_records(fn: Callable[..., Any], records: list[Any]) -> Callable[..., Any]:
    """A copy of ``fn`` carrying ``records`` in place of its own decorator records."""
    copy = FunctionType(fn.__code__, fn.__globals__, fn.__name__, fn.__defaults__, fn.__closure__)
    functools.update_wrapper(copy, fn, updated=())
    del copy.__wrapped__  # the copy is the function itself, not a wrapper around it
    copy.__kwdefaults__ = fn.__kwdefaults__
    copy.__dict__.update({**fn.__dict__, MODIFIERS_ATTR: records})
    return copy
