"""The async driver: awaited build and execute, async and plain nodes mixed, awaited values."""

import asyncio
import logging
import time

import flow
from hamilton import async_driver, base
from hamilton.lifecycle import api
from show import emit, error

logging.disable(logging.CRITICAL)
ASK = ["fetched", "other", "total", "doubled", "plain"]


async def failure(awaitable):
    """What awaiting ``awaitable`` raised."""
    try:
        await awaitable
    except Exception as exc:
        return exc
    raise AssertionError("nothing raised")


def refused(call):
    try:
        call()
    except Exception as exc:
        return error(exc)
    return None


class RunWatcher(api.GraphExecutionHook):
    """Records what the driver tells a graph hook before and after each run."""

    def __init__(self):
        self.seen = []

    def run_before_graph_execution(self, *, final_vars, inputs, **future_kwargs):
        self.seen.append({"before": list(final_vars), "inputs": dict(inputs)})

    def run_after_graph_execution(self, *, success, results, **future_kwargs):
        self.seen.append({"after": success, "results": results})


async def main():
    dr = await async_driver.Builder().with_modules(flow).build()
    started = time.perf_counter()
    values = await dr.execute(ASK, inputs={"x": 3})
    order = list(values)
    concurrent = time.perf_counter() - started < 0.55
    raw = await dr.raw_execute(["doubled"], inputs={"x": 3})
    by_function = await dr.execute([flow.total, "plain"], inputs={"x": 1})

    gate = asyncio.Event()

    async def open_later():
        await asyncio.sleep(0.05)
        gate.set()

    gated, _ = await asyncio.gather(dr.execute(["opened"], inputs={"gate": gate}), open_later())
    both = await asyncio.gather(
        dr.execute(["total"], inputs={"x": 1}), dr.execute(["total"], inputs={"x": 2})
    )

    overridden = await dr.execute(["total"], inputs={"x": 1}, overrides={"fetched": 100})
    watcher = RunWatcher()
    watched = await async_driver.Builder().with_modules(flow).with_adapters(watcher).build()
    await watched.execute(["total"], inputs={"x": 1})
    await failure(watched.execute(["after_failing"], inputs={"x": 1}))
    framed = await (
        async_driver.Builder()
        .with_modules(flow)
        .with_adapters(base.PandasDataFrameResult())
        .build()
    )
    framed_result = await framed.execute(["plain"], inputs={"x": 4})
    two_builders = refused(
        lambda: async_driver.AsyncDriver(
            {}, flow, result_builder=base.DictResult(), adapters=[base.PandasDataFrameResult()]
        )
    )

    legacy = async_driver.AsyncDriver({}, flow)
    await legacy.ainit()
    as_frame = await legacy.execute(["total", "plain"], inputs={"x": 3})
    as_dict = await async_driver.AsyncDriver({}, flow, result_builder=base.DictResult()).execute(
        ["doubled"], inputs={"x": 3}
    )
    unbuilt = async_driver.Builder().with_modules(flow).build_without_init()
    later = await (await unbuilt.ainit()).execute(["plain"], inputs={"x": 10})

    failed = await failure(dr.execute(["after_failing"], inputs={"x": 5}))
    emit(
        values=values,
        order=order,
        frame_order=list(as_frame.columns),
        concurrent=concurrent,
        raw=raw,
        by_function=by_function,
        gated=gated,
        both=both,
        as_frame=as_frame,
        as_dict=as_dict,
        later=later,
        overridden=overridden,
        watched=watcher.seen,
        framed=framed_result,
        two_builders=two_builders,
        is_driver_subclass=isinstance(dr, async_driver.driver.Driver),
        variables=sorted(v.name for v in dr.list_available_variables()),
        node_error={"class": type(failed).__name__, "message": str(failed).splitlines()[0]},
        unknown_output=error(await failure(dr.execute(["nope"], inputs={"x": 1}))),
        display_graph=error(await failure(dr.execute(["plain"], display_graph=True))),
        dynamic=refused(
            lambda: async_driver.Builder().enable_dynamic_execution(allow_experimental_mode=True)
        ),
        materializers=refused(lambda: async_driver.Builder().with_materializers()),
        with_adapter=refused(lambda: async_driver.Builder().with_adapter(base.DictResult())),
    )


asyncio.run(main())
