"""FutureAdapter runs on threads and gives the same results as a plain run."""

import logging

import flow
from hamilton import base, driver
from hamilton.plugins import h_threadpool
from show import emit

logging.disable(logging.CRITICAL)
ASK = ["slow_a", "slow_b", "total"]
plain = driver.Builder().with_modules(flow).build().execute(ASK, inputs={"x": 3})
threaded = (
    driver.Builder()
    .with_modules(flow)
    .with_adapters(h_threadpool.FutureAdapter(max_workers=4))
    .build()
    .execute(ASK, inputs={"x": 3})
)
legacy = driver.Driver({}, flow, adapter=h_threadpool.FutureAdapter()).execute(ASK, inputs={"x": 3})
as_frame = driver.Driver(
    {}, flow, adapter=h_threadpool.FutureAdapter(result_builder=base.PandasDataFrameResult())
).execute(ASK, inputs={"x": 3})
emit(plain=plain, threaded=threaded, same=plain == threaded, legacy=legacy, as_frame=as_frame)
