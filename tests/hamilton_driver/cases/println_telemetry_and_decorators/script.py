"""A flow written with Hamilton's decorators, run with the PrintLn hook (timings left out);
telemetry.disable_telemetry() is kept working."""

import logging
import re

import flow
from hamilton import driver, telemetry
from hamilton.lifecycle import default
from show import emit

logging.disable(logging.CRITICAL)
telemetry.disable_telemetry()
printed = []
hook = default.PrintLn(print_fn=printed.append, node_filter=["table", "biggest"])
results = {}
for mode in ("sum", "diff"):
    dr = driver.Builder().with_modules(flow).with_config({"mode": mode}).with_adapters(hook).build()
    results[mode] = dr.execute(["biggest", "combined", "left"], inputs={"rows": 3})
verbose = []
loud = default.PrintLn(verbosity=2, print_fn=verbose.append, node_filter="biggest")
driver.Builder().with_modules(flow).with_config({"mode": "sum"}).with_adapters(
    loud
).build().execute(["biggest"], inputs={"rows": 2})
try:
    default.PrintLn(verbosity=3)
    bad_verbosity = "accepted"
except ValueError:
    bad_verbosity = "ValueError"
emit(
    results=results,
    printed=[re.sub(r" in [0-9.]+[μm]?s\.", " in T.", line) for line in printed],
    verbose_result=[
        line.split("Result:")[-1].strip() for line in verbose if line.startswith("Finished")
    ],
    bad_verbosity=bad_verbosity,
)
