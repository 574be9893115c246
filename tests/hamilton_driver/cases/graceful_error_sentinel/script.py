"""GracefulErrorAdapter: the caught error becomes the sentinel downstream; others raise."""

import logging

import flow
from hamilton import driver
from hamilton.lifecycle import default
from show import emit, raised

logging.disable(logging.CRITICAL)
SENTINEL = "<failed>"

none_sentinel = (
    driver.Builder()
    .with_modules(flow)
    .with_adapters(default.GracefulErrorAdapter(error_to_catch=flow.DoNotProceed))
    .build()
)
custom = (
    driver.Builder()
    .with_modules(flow)
    .with_adapters(
        default.GracefulErrorAdapter(error_to_catch=flow.DoNotProceed, sentinel_value=SENTINEL)
    )
    .build()
)
ASK = ["ok", "bad", "after_bad", "after_both"]
emit(
    none_sentinel=none_sentinel.execute(ASK, inputs={"x": 1}),
    custom_sentinel=custom.execute(ASK, inputs={"x": 1}),
    all_fine=custom.execute(["ok"], inputs={"x": 1}),
    other_error=raised(lambda: custom.execute(["ok", "boom"], inputs={"x": 1})),
)
