"""@dataloader: the function's node is <fn>.loader (value and metadata), <fn> is the value;
@datasaver: the function's node as it is, tagged as a saver."""

import json
import logging
import os
import tempfile

from show import emit, raised

logging.disable(logging.CRITICAL)
folder = tempfile.mkdtemp()
settings_path = os.path.join(folder, "settings.json")
out_path = os.path.join(folder, "out.json")
json.dump({"a": 1, "b": 2}, open(settings_path, "w"))

import flow  # noqa: E402
from hamilton import driver  # noqa: E402

dr = driver.Builder().with_modules(flow).build()
nodes = {v.name: v.tags for v in dr.list_available_variables()}
inputs = {"settings_path": settings_path, "out_path": out_path}
result = dr.execute(["settings", "settings.loader", "doubled", "stored"], inputs=inputs)
result["settings.loader"] = list(result["settings.loader"])
result["stored"] = result["stored"] == {"destination": out_path}
result["settings.loader"][1] = result["settings.loader"][1]["format"]


def build(name):
    import importlib

    return driver.Builder().with_modules(importlib.import_module(name)).build()


emit(
    nodes=nodes,
    result=result,
    written=json.load(open(out_path)),
    bad_loader=raised(lambda: build("bad_loader")) is not None,
    bad_saver=raised(lambda: build("bad_saver")) is not None,
)
