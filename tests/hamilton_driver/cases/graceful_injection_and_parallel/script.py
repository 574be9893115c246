"""GracefulErrorAdapter: sentinels passed into @accept_error_sentinels nodes, and per item
of a Parallelizable (try_all_parallel on and off); a node hook sees the sentinel returned."""

import logging

import flow
from hamilton import driver
from hamilton.lifecycle import api, default
from show import emit

logging.disable(logging.CRITICAL)
SENTINEL = "<failed>"


class Seen(api.NodeExecutionHook):
    def __init__(self):
        self.after = {}

    def run_before_node_execution(self, **kwargs):
        pass

    def run_after_node_execution(self, *, node_name, result, success, task_id, **kwargs):
        if task_id is None:
            self.after[node_name] = [success, result]


def build(hook=None, dynamic=False, **options):
    options.setdefault("sentinel_value", SENTINEL)
    adapters = [default.GracefulErrorAdapter(error_to_catch=flow.DoNotProceed, **options)]
    builder = driver.Builder().with_modules(flow)
    if dynamic:
        builder = builder.enable_dynamic_execution(allow_experimental_mode=True)
    return builder.with_adapters(*adapters, *([hook] if hook else [])).build()


seen = Seen()
SERIAL = ["ok", "bad", "skipped", "tolerant", "after_tolerant", "optional_bad"]
emit(
    injected=build(seen).execute(SERIAL, inputs={"x": 1}),
    hook_saw={k: seen.after[k] for k in sorted(seen.after)},
    not_injected=build(allow_injection=False).execute(SERIAL, inputs={"x": 1}),
    none_sentinel=build(sentinel_value=None).execute(SERIAL, inputs={"x": 1}),
    parallel=build(dynamic=True).execute(["gathered", "gathered_raw"], inputs={"n": 5}),
    parallel_first_only=build(dynamic=True, try_all_parallel=False).execute(
        ["gathered", "gathered_raw"], inputs={"n": 5}
    ),
    parallel_no_failure=build(dynamic=True).execute(["gathered"], inputs={"n": 3}),
    parallel_after_bad=build(dynamic=True).execute(["gathered_after_bad"], inputs={"x": 1}),
)
