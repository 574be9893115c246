"""driver.Driver with no adapter builds a pandas DataFrame; Builder().build() returns a dict.

The DataFrame rules: scalars only -> one row; series align on their indexes (outer
join) with scalars broadcast; one DataFrame output is returned as it is, and a
DataFrame among others is spread into `name.column` columns.
"""

import logging

import flow
from hamilton import base, driver
from show import emit

logging.disable(logging.CRITICAL)

INPUTS = {"x": 1}
ASKS = [
    ["count", "ratio", "word"],
    ["indexed", "count"],
    ["indexed", "other_index"],
    ["frame"],
    ["frame", "indexed", "count"],
    ["listed", "count"],
    ["mapping", "count"],
]

legacy = driver.Driver({}, flow)
built = driver.Builder().with_modules(flow).build()
explicit_df = (
    driver.Builder().with_modules(flow).with_adapters(base.PandasDataFrameResult()).build()
)
simple = driver.Driver({}, flow, adapter=base.SimplePythonGraphAdapter())
simple_df = driver.Driver({}, flow, adapter=base.SimplePythonDataFrameGraphAdapter())
default_adapter = driver.Driver({}, flow, adapter=base.DefaultAdapter())
dict_listed = driver.Driver({}, flow, adapter=[base.DictResult()])

emit(
    legacy=[legacy.execute(ask, inputs=INPUTS) for ask in ASKS],
    builder=built.execute(["count", "indexed", "word"], inputs=INPUTS),
    builder_with_dataframe_result=explicit_df.execute(["count", "indexed"], inputs=INPUTS),
    simple_adapter=simple.execute(["count", "word"], inputs=INPUTS),
    simple_dataframe_adapter=simple_df.execute(["count", "word"], inputs=INPUTS),
    default_adapter=default_adapter.execute(["count"], inputs=INPUTS),
    dict_result_in_a_list=dict_listed.execute(["count", "ratio"], inputs=INPUTS),
)
