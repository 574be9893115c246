"""Hamilton's ``hamilton.async_driver``: ``await`` the build and the runs; ``async def`` nodes.

A thin layer over ``driver.Driver``: the modules' ``async def`` functions are
awaited on the caller's event loop while the run goes on in a worker thread
on dagrun's threads executor (``dagrun.hamilton._awaiting``), so independent
coroutines are in flight together, as in Hamilton, up to the executor's
workers (32 unless a ``FutureAdapter(max_workers=...)`` says otherwise). Plain
nodes run on those worker threads too. As Hamilton's, the outputs come back in
name order, a driver built with ``AsyncDriver(...)`` and no result builder
returns a pandas DataFrame and ``await Builder()...build()`` a dict.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Mapping, Sequence
from types import ModuleType
from typing import Any

from dagrun.hamilton import base, driver
from dagrun.hamilton._awaiting import LoopBridge, awaiting_module
from dagrun.hamilton._support import Engine, UsageError, engine_of, not_supported
from dagrun.hamilton.graph_types import HamiltonNode
from dagrun.hamilton.lifecycle import api

__all__ = ["AsyncDriver", "Builder"]

MAX_IN_FLIGHT = 32

_Outputs = Sequence[str | Callable[..., Any] | HamiltonNode]


def _refuse_engines(adapters: Sequence[Any]) -> None:
    """Adapters that would run the flow elsewhere than on threads, or cache it, are refused."""
    for adapter in adapters:
        engine = engine_of(adapter)
        if engine is None:
            continue
        if engine.executor not in (None, "threads") or engine.address is not None:
            raise not_supported(
                f"{type(adapter).__name__} with the async driver",
                "async nodes are awaited on the caller's event loop from threads; use "
                "h_threadpool.FutureAdapter(max_workers=...) or no executor adapter",
            )
        if engine.cache_dir is not None:
            raise not_supported(
                f"{type(adapter).__name__} (the cache) with the async driver",
                "use driver.Builder().with_cache(...) with plain def nodes",
            )


class AsyncDriver(driver.Driver):
    """Builds the flow from ``modules``; ``await execute(...)`` computes what is asked of it.

    Args:
        config: values for ``@config.when`` and inputs to functions.
        *modules: the modules whose functions (``def`` or ``async def``) are the nodes.
        result_builder: what ``execute`` returns; none: a pandas DataFrame.
        adapters: lifecycle adapters, as for ``driver.Driver``; Hamilton's async
            hooks (``lifecycle.base.*Async``) have no counterpart.
        allow_module_overrides: a function in a later module replaces the earlier ones.

    Raises:
        UsageError: more than one result builder.
        NotSupported: an adapter would run the flow off threads, or cache it.
    """

    def __init__(
        self,
        config: Mapping[str, Any] | None,
        *modules: ModuleType,
        result_builder: Any = None,
        adapters: Sequence[Any] | None = None,
        allow_module_overrides: bool = False,
    ) -> None:
        given = [*(adapters or []), *([result_builder] if result_builder is not None else [])]
        _refuse_engines(given)
        self._bridge = LoopBridge()
        super().__init__(
            config,
            *(awaiting_module(module, self._bridge) for module in modules),
            adapter=given,
            allow_module_overrides=allow_module_overrides,
            _fallback_engine=Engine(executor="threads", max_workers=MAX_IN_FLIGHT),
        )

    async def ainit(self) -> AsyncDriver:
        """Hamilton's awaited set-up step; dagrun's driver is ready once built."""
        return self

    async def execute(  # type: ignore[override]
        self,
        final_vars: _Outputs,
        overrides: Mapping[str, Any] | None = None,
        display_graph: bool = False,
        inputs: Mapping[str, Any] | None = None,
    ) -> Any:
        """Compute ``final_vars`` (names, functions or variables) and build the result.

        Raises:
            UsageError: a bad output, an unknown name, a missing or ill-typed input,
                or ``display_graph=True``.
            Exception: a node's own exception, as the node raised it.
        """
        return await self._run(final_vars, overrides, display_graph, inputs, build=True)

    async def raw_execute(  # type: ignore[override]
        self,
        final_vars: _Outputs,
        overrides: Mapping[str, Any] | None = None,
        display_graph: bool = False,
        inputs: Mapping[str, Any] | None = None,
    ) -> dict[str, Any]:
        """``execute`` without the result builder: the outputs as a dict, in name order."""
        return await self._run(final_vars, overrides, display_graph, inputs, build=False)  # type: ignore[no-any-return]

    async def _run(
        self,
        final_vars: _Outputs,
        overrides: Mapping[str, Any] | None,
        display_graph: bool,
        inputs: Mapping[str, Any] | None,
        build: bool,
    ) -> Any:
        if display_graph:
            raise UsageError(
                "display_graph=True is not supported by the async driver",
                hint="call dr.visualize_execution(...) instead",
            )
        names = sorted(self._final_vars(final_vars))
        with self._bridge.serving(asyncio.get_running_loop()):
            return await asyncio.to_thread(self._execute, names, inputs, overrides, build)

    def materialize(self, *materializers: Any, **options: Any) -> Any:  # type: ignore[override]
        """Not for the async driver, as in Hamilton."""
        raise not_supported(
            "AsyncDriver.materialize",
            "save the outputs in a node, or materialize with a driver.Builder() driver",
        )


class Builder(driver.Builder):
    """Hamilton's builder for the async driver: ``dr = await Builder()...build()``.

    As in Hamilton it has no dynamic execution, materializers, classic graph
    adapter or cache: those calls raise ``UsageError`` (a ``ValueError``).
    """

    def _refuse(self, method: str, instead: str) -> UsageError:
        return UsageError(
            f"Builder().{method}() is not supported for the async driver", hint=instead
        )

    def enable_dynamic_execution(self, *, allow_experimental_mode: bool = False) -> Builder:
        raise self._refuse("enable_dynamic_execution", "use driver.Builder() for parallel blocks")

    def with_materializers(self, *materializers: Any) -> Builder:
        raise self._refuse("with_materializers", "use driver.Builder() to materialize")

    def with_adapter(self, adapter: Any) -> Builder:
        raise self._refuse("with_adapter", "pass adapters with with_adapters(...)")

    def with_cache(self, *args: Any, **kwargs: Any) -> Builder:
        raise self._refuse("with_cache", "use driver.Builder().with_cache(...) with def nodes")

    def build_without_init(self) -> AsyncDriver:
        """The driver, without the awaited set-up step (``ainit``) that dagrun does not need."""
        has_builder = any(isinstance(a, api.ResultBuilder) for a in self.adapters)
        return AsyncDriver(
            self.config,
            *self.modules,
            adapters=self.adapters,
            result_builder=None if has_builder else base.DictResult(),
            allow_module_overrides=self._allow_module_overrides,
        )

    async def build(self) -> AsyncDriver:  # type: ignore[override]
        """The driver, awaited as in Hamilton; its ``execute`` returns a dict by default."""
        return await self.build_without_init().ainit()
