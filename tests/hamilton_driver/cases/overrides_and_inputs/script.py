"""Overrides stand in for nodes (what they would need is not run nor asked for); inputs
nobody needs are ignored; optional inputs take their defaults."""

import logging
import os
import tempfile

from hamilton import driver
from show import emit, raised

logging.disable(logging.CRITICAL)
os.environ["CALLS_FILE"] = os.path.join(tempfile.mkdtemp(), "calls")
open(os.environ["CALLS_FILE"], "w").close()
import flow  # noqa: E402


def calls():
    with open(os.environ["CALLS_FILE"]) as handle:
        found = handle.read().split()
    open(os.environ["CALLS_FILE"], "w").close()
    return found


dr = driver.Builder().with_modules(flow).build()
emit(
    override_cleaned=[dr.execute(["report"], overrides={"cleaned": 2}), calls()],
    override_two=[dr.execute(["report"], overrides={"cleaned": 2, "feature": 9.0}), calls()],
    override_requested=[dr.execute(["cleaned"], overrides={"cleaned": 7}), calls()],
    extra_inputs=[
        dr.execute(["feature"], inputs={"scale": 2.0, "unused": 1}, overrides={"cleaned": 1}),
        calls(),
    ],
    failing_upstream=[raised(lambda: dr.execute(["report"], inputs={"source_path": "p"})), calls()],
)
