"""@load_from reads a parameter from a file: a loader and a select node per parameter,
the kind (a pandas DataFrame here) chosen from the parameter's annotation; source() and
value() paths, inject_ to pick the parameter, two loaders on one function, and Hamilton's
`file` format (dagrun's txt)."""

import json
import logging
import os
import pickle
import tempfile

import pandas as pd
from show import emit

logging.disable(logging.CRITICAL)
folder = tempfile.mkdtemp()
csv_path = os.path.join(folder, "in.csv")
json_path = os.path.join(folder, "in.json")
other_json_path = os.path.join(folder, "other.json")
text_path = os.path.join(folder, "in.txt")
pickle_path = os.path.join(folder, "in.pkl")
pd.DataFrame({"a": [1, 2], "b": [3, 4]}).to_csv(csv_path, index=False)
json.dump({"y": 2, "x": 1}, open(json_path, "w"))
json.dump({"z": 3}, open(other_json_path, "w"))
open(text_path, "w").write("two words")
pickle.dump({3, 1, 2}, open(pickle_path, "wb"))
flow_source = open("flow.py").read().replace("TEXT_PATH", text_path)
open("flow.py", "w").write(flow_source)

import flow  # noqa: E402
from hamilton import driver  # noqa: E402

dr = driver.Builder().with_modules(flow).build()
nodes = {
    v.name: {
        "tags": {k: t for k, t in v.tags.items() if not k.endswith(".classname")},
        "external": v.is_external_input,
    }
    for v in dr.list_available_variables()
}
inputs = {
    "csv_path": csv_path,
    "json_path": json_path,
    "other_json_path": other_json_path,
    "extra": 3,
    "pickle_path": pickle_path,
}
result = dr.execute(["frame", "keys", "merged", "words", "unpickled"], inputs=inputs)
loaded = dr.execute(["frame.load_data.raw"], inputs=inputs)["frame.load_data.raw"]
# Hamilton reads csv with pandas' nullable dtypes (Int64), dagrun with its defaults (int64).
frame = result.pop("frame")
emit(
    nodes=nodes,
    result=result,
    frame={"columns": list(frame.columns), "rows": frame.values.tolist()},
    loader_value=loaded[0].values.tolist(),
    loader_metadata_keys=sorted(loaded[1]),
    loader_file_keys=sorted(loaded[1]["file_metadata"]),
    loader_path_is_input=loaded[1]["file_metadata"]["path"] == csv_path,
    upstream_of_frame=sorted(v.name for v in dr.what_is_upstream_of("frame")),
)
