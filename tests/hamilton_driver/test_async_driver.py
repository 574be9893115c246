"""The async driver on dagrun: async def nodes awaited on the caller's loop, never passed on
as coroutines, and what it refuses (docs/hamilton.md, "The async driver")."""

import asyncio
import threading
import types

import pytest

import dagrun
from dagrun.hamilton import NotSupported, UsageError, async_driver, base, driver
from dagrun.hamilton._support import Engine
from dagrun.hamilton.lifecycle import api
from dagrun.hamilton.lifecycle.base import LifecycleAdapter
from dagrun.hamilton.plugins import h_diskcache, h_threadpool
from tests.hamilton_driver import toy_async


def built(*adapters):
    return async_driver.Builder().with_modules(toy_async).with_adapters(*adapters).build()


def test_async_def_values_reach_def_nodes_and_extracted_fields():
    async def main():
        dr = await built()
        return await dr.execute(["high", "low", "b"], inputs={"x": 1})

    assert asyncio.run(main()) == {"b": 20, "high": 21, "low": 19}


def test_outside_the_async_driver_an_async_def_node_is_refused_when_built():
    with pytest.raises(dagrun.GraphError) as raised:
        dagrun.Driver({}, toy_async)
    assert "function 'a' is an async def function" in str(raised.value)
    assert "toy_async.py:" in str(raised.value)
    assert "async_driver" in raised.value.hint
    with pytest.raises(dagrun.GraphError, match="async def"):
        driver.Builder().with_modules(toy_async).build()


def test_an_async_function_given_to_a_decorator_is_refused_even_here():
    async def add_one(value: int) -> int:
        return value + 1

    def piped(x: int) -> int:
        return x

    flow = types.ModuleType("async_steps")
    piped.__module__ = flow.__name__
    flow.piped = dagrun.pipe_input(dagrun.step(add_one))(piped)
    with pytest.raises(dagrun.GraphError, match="function 'add_one' is an async def function"):
        async_driver.AsyncDriver({}, flow)


def test_the_users_module_keeps_its_async_functions():
    asyncio.run(built())
    assert asyncio.iscoroutinefunction(toy_async.a)


def test_node_hooks_see_the_awaited_value():
    seen = {}

    class Watch(api.NodeExecutionHook):
        def run_before_node_execution(self, **future_kwargs):
            pass

        def run_after_node_execution(self, *, node_name, result, **future_kwargs):
            seen[node_name] = result

    async def main():
        dr = await built(Watch())
        await dr.execute(["b"], inputs={"x": 2})

    asyncio.run(main())
    assert seen == {"a": 3, "b": 30}


def test_a_run_of_dagruns_own_api_cannot_await_and_says_so():
    dr = asyncio.run(built())
    with pytest.raises(UsageError, match=r"async node 'a' \(.*toy_async.py:\d+\) ran outside"):
        dr.dagrun_driver.execute(["a"], inputs={"x": 1})


def test_one_driver_serves_one_event_loop_at_a_time():
    dr = asyncio.run(built())
    gate, started = asyncio.Event(), threading.Event()
    holder = {}

    def first_loop():
        async def run():
            holder["loop"] = asyncio.get_running_loop()
            task = asyncio.ensure_future(dr.execute(["waits"], inputs={"gate": gate}))
            await asyncio.sleep(0.05)
            started.set()
            return await task

        holder["result"] = asyncio.run(run())

    thread = threading.Thread(target=first_loop)
    thread.start()
    assert started.wait(5)
    with pytest.raises(UsageError, match="another event loop"):
        asyncio.run(dr.execute(["b"], inputs={"x": 1}))
    holder["loop"].call_soon_threadsafe(gate.set)
    thread.join(5)
    assert holder["result"] == {"waits": "opened"}


class OnProcesses(LifecycleAdapter):
    """Asks for dagrun's processes executor, as the executor adapters do."""

    def dagrun_engine(self):
        return Engine(executor="processes")


@pytest.mark.parametrize(
    "adapter",
    [OnProcesses(), h_diskcache.DiskCacheAdapter(cache_path="unused")],
    ids=["processes", "cache"],
)
def test_adapters_that_run_elsewhere_or_cache_are_refused(adapter):
    with pytest.raises(NotSupported, match="with the async driver"):
        async_driver.AsyncDriver({}, toy_async, adapters=[adapter])


def test_a_future_adapter_sets_the_worker_count():
    dr = async_driver.AsyncDriver(
        {}, toy_async, adapters=[h_threadpool.FutureAdapter(max_workers=3)]
    )
    assert (dr._engine.executor, dr._engine.max_workers) == ("threads", 3)
    assert asyncio.run(dr.execute(["b"], inputs={"x": 0})) == {"b": 10}


def test_materialize_and_the_cache_are_refused():
    dr = async_driver.AsyncDriver({}, toy_async, result_builder=base.DictResult())
    with pytest.raises(NotSupported, match=r"AsyncDriver\.materialize"):
        dr.materialize()
    with pytest.raises(UsageError, match="with_cache"):
        async_driver.Builder().with_cache(path="unused")


def test_a_copied_builder_still_builds_an_async_driver():
    builder = async_driver.Builder().with_modules(toy_async).copy()
    assert isinstance(builder, async_driver.Builder)
    assert isinstance(builder.build_without_init(), async_driver.AsyncDriver)
