"""Builder.with_materializers adds to.*/from_.* nodes to the driver's graph for good: they
are asked for by name in execute; a list instead of unpacked items is a ValueError."""

import json
import logging
import os
import tempfile

from show import emit, error

logging.disable(logging.CRITICAL)
folder = tempfile.mkdtemp()
raw_json = os.path.join(folder, "raw.json")
out_json = os.path.join(folder, "summary.json")
json.dump([4, 5], open(raw_json, "w"))

import flow  # noqa: E402
from hamilton import driver  # noqa: E402
from hamilton.io.materialization import from_, to  # noqa: E402

dr = (
    driver.Builder()
    .with_modules(flow)
    .with_materializers(
        to.json(id="summary_json", dependencies=["summary"], path=out_json),
        from_.json(target="raw", path=raw_json),
    )
    .build()
)
nodes = {
    v.name: {k: t for k, t in v.tags.items() if not k.endswith(".classname")}
    for v in dr.list_available_variables()
}
plain = dr.execute(["summary"])
written_before = os.path.exists(out_json)
result = dr.execute(["summary_json", "total"])


def attempt(call):
    try:
        call()
    except Exception as exc:
        return error(exc)
    return None


emit(
    nodes=nodes,
    plain=plain,
    written_before=written_before,
    metadata_keys=sorted(result["summary_json"]),
    total=result["total"],
    written=json.load(open(out_json)),
    a_list=attempt(
        lambda: driver.Builder().with_materializers(
            [to.json(id="x", dependencies=["summary"], path=out_json)]
        )
    ),
    not_a_materializer=attempt(lambda: driver.Builder().with_materializers("summary")),
)
