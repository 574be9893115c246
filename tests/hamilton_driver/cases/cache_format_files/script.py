"""@cache(format="parquet"/"json") under Builder().with_cache(path=...): each result is a
real file of its format in the cache folder, and a rerun hands on what the file holds
(JSON's list where the node returned a tuple). The reused frame is shown by its values:
Hamilton reads it back with nullable dtypes (Int64), dagrun with the ones it was stored with."""

import glob
import json
import logging
import os
import tempfile

import pandas as pd
from hamilton import driver
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
    return sorted(found)


def files(pattern):
    return sorted(glob.glob(os.path.join(scratch, "cache", "**", pattern), recursive=True))


def execute():
    built = driver.Builder().with_modules(flow).with_cache(path=os.path.join(scratch, "cache"))
    return built.build().execute(["frame", "summary", "rows"], inputs={"n": 3})


steps = {"first": [execute(), calls()]}
steps["parquet_files"] = [pd.read_parquet(path) for path in files("*.parquet")]
json_files = files("*.json")
steps["json_files"] = []
for path in json_files:
    with open(path) as handle:
        steps["json_files"].append(json.load(handle))
again = execute()
again["frame"] = again["frame"].to_dict(orient="list")
steps["again"] = [again, calls()]
steps["summary_names_type"] = type(again["summary"]["names"]).__name__
emit(**steps)
