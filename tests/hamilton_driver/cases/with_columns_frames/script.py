"""with_columns for pandas, polars DataFrame and polars LazyFrame: the nodes it makes
(namespaced) and the frames it gives."""

import logging

import frames
from hamilton import driver
from show import emit

logging.disable(logging.CRITICAL)
dr = driver.Builder().with_modules(frames).with_config({"case": "millions", "boost": 3}).build()
OUTPUTS = [
    "all_series",
    "selected",
    "in_place",
    "polars_all",
    "polars_selected",
    "collected",
    "picked.boosted",
    "all_series.spend_mean",
]
results = dr.execute(OUTPUTS, inputs={"scale": 2.0})
thousands = driver.Builder().with_modules(frames).with_config({"case": "thousands", "boost": 1})

emit(
    nodes=sorted(v.name for v in dr.list_available_variables()),
    results={name: results[name] for name in OUTPUTS},
    thousands=thousands.build().execute(["all_series"])["all_series"],
    upstream_of_selected=sorted(v.name for v in dr.what_is_upstream_of("selected")),
)
