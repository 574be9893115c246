"""Result builders: numpy matrix, polars DataFrame, and ones the user writes."""

import logging

import flow
from hamilton import base, driver
from hamilton.lifecycle import api
from hamilton.plugins import h_polars
from show import emit, error

logging.disable(logging.CRITICAL)
INPUTS = {"x": 1}


class Pairs(base.ResultMixin):
    @staticmethod
    def build_result(**outputs):
        return sorted(outputs.items())


class Counted(api.ResultBuilder):
    def build_result(self, **outputs):
        return {"count": len(outputs), **outputs}


matrix = driver.Driver({}, flow, adapter=base.SimplePythonGraphAdapter(base.NumpyMatrixResult()))
try:
    matrix.execute(["arr", "short"], inputs=INPUTS)
    mismatch = None
except Exception as exc:
    mismatch = error(exc)
polars = driver.Driver(
    {}, flow, adapter=base.SimplePythonGraphAdapter(h_polars.PolarsDataFrameResult())
)
polars_built = driver.Builder().with_modules(flow).with_adapters(h_polars.PolarsDataFrameResult())
try:
    driver.Driver({}, flow, adapter=[Pairs(), Counted()])
    two_builders = None
except Exception as exc:
    two_builders = error(exc)

emit(
    matrix=[matrix.execute(ask, inputs=INPUTS) for ask in (["arr", "n"], ["arr", "f"], ["n"])],
    matrix_length_mismatch=mismatch,
    polars=[
        polars.execute(ask, inputs=INPUTS) for ask in (["ps", "ps2"], ["n"], ["pf"], ["n", "ps"])
    ],
    polars_with_builder=polars_built.build().execute(["ps"], inputs=INPUTS),
    mixin_in_graph_adapter=driver.Driver(
        {}, flow, adapter=base.SimplePythonGraphAdapter(Pairs())
    ).execute(["n", "f"], inputs=INPUTS),
    mixin_alone=driver.Driver({}, flow, adapter=Pairs()).execute(["f", "n"], inputs=INPUTS),
    lifecycle_builder=driver.Builder()
    .with_modules(flow)
    .with_adapters(Counted())
    .build()
    .execute(["n"], inputs=INPUTS),
    builder_with_adapter=driver.Builder()
    .with_modules(flow)
    .with_adapter(base.SimplePythonGraphAdapter(Pairs()))
    .build()
    .execute(["n"], inputs=INPUTS),
    two_result_builders=two_builders,
)
