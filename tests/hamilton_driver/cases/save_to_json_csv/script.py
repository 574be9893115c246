"""@save_to adds a node after the function's that writes its value: named by output_name_,
else save.<node>; the function's own node is unchanged and writes nothing; the saver node
returns file metadata (and dataframe metadata for frames)."""

import json
import logging
import os
import tempfile

import pandas as pd
from show import emit

logging.disable(logging.CRITICAL)
folder = tempfile.mkdtemp()
out_path = os.path.join(folder, "out.json")
csv_path = os.path.join(folder, "out.csv")
flow_source = open("flow.py").read().replace("CSV_PATH", csv_path)
open("flow.py", "w").write(flow_source)

import flow  # noqa: E402
from hamilton import driver  # noqa: E402

dr = driver.Builder().with_modules(flow).build()
nodes = {
    v.name: {k: t for k, t in v.tags.items() if not k.endswith(".classname")}
    for v in dr.list_available_variables()
}
plain_run = dr.execute(["mapping", "table"], inputs={"out_path": out_path})
wrote_nothing = not os.path.exists(out_path) and not os.path.exists(csv_path)
saved = dr.execute(["saved_mapping", "save.table"], inputs={"out_path": out_path})
emit(
    nodes=nodes,
    plain_run=plain_run,
    wrote_nothing=wrote_nothing,
    metadata_keys={name: sorted(meta) for name, meta in saved.items()},
    json_meta_path=saved["saved_mapping"]["file_metadata"]["path"] == out_path,
    json_meta_size=saved["saved_mapping"]["file_metadata"]["size"] == os.path.getsize(out_path),
    csv_frame_meta={
        k: v for k, v in saved["save.table"]["dataframe_metadata"].items() if k != "datatypes"
    },
    json_file=json.load(open(out_path)),
    csv_file=pd.read_csv(csv_path),
)
