"""Builder().with_cache(path=...) and DiskCacheAdapter reuse results of unchanged nodes,
across drivers too; a changed input recomputes."""

import logging
import os
import tempfile

from hamilton import driver
from hamilton.plugins import h_diskcache
from show import emit

logging.disable(logging.CRITICAL)
scratch = tempfile.mkdtemp()
os.environ["CALLS_FILE"] = os.path.join(scratch, "calls")
open(os.environ["CALLS_FILE"], "w").close()
import flow  # noqa: E402


def calls():
    with open(os.environ["CALLS_FILE"]) as handle:
        found = handle.read().split()
    open(os.environ["CALLS_FILE"], "w").close()
    return found


def cached_builder(where):
    return driver.Builder().with_modules(flow).with_cache(path=os.path.join(scratch, where))


steps = {}
dr = cached_builder("cache").build()
steps["first"] = [dr.execute(["b"], inputs={"x": 1}), calls()]
steps["again"] = [dr.execute(["b"], inputs={"x": 1}), calls()]
steps["new_input"] = [dr.execute(["b"], inputs={"x": 2}), calls()]
steps["new_driver"] = [cached_builder("cache").build().execute(["b"], inputs={"x": 1}), calls()]

disk = h_diskcache.DiskCacheAdapter(cache_path=os.path.join(scratch, "disk"))
dr = driver.Builder().with_modules(flow).with_adapters(disk).build()
steps["disk_first"] = [dr.execute(["b"], inputs={"x": 1}), calls()]
steps["disk_again"] = [dr.execute(["b"], inputs={"x": 1}), calls()]
legacy = driver.Driver(
    {}, flow, adapter=h_diskcache.DiskCacheAdapter(cache_path=os.path.join(scratch, "d2"))
)
steps["disk_legacy"] = [legacy.execute(["b"], inputs={"x": 1}), calls()]
steps["disk_legacy_again"] = [legacy.execute(["b"], inputs={"x": 1}), calls()]
emit(**steps)
