"""Driver.materialize: to.* saves outputs (one dependency, or several joined by combine=),
from_.* loads a node instead of computing it, additional_vars come back beside the
metadata; bad requests are ValueErrors; validate_materialization writes nothing."""

import json
import logging
import os
import tempfile

import pandas as pd
from show import emit, error

logging.disable(logging.CRITICAL)
folder = tempfile.mkdtemp()
raw_csv = os.path.join(folder, "raw.csv")
pd.DataFrame({"a": [10, 20]}).to_csv(raw_csv, index=False)

import flow  # noqa: E402
from hamilton import base, driver  # noqa: E402
from hamilton.io.materialization import from_, to  # noqa: E402


def at(name):
    return os.path.join(folder, name)


def attempt(call):
    try:
        call()
    except Exception as exc:
        return error(exc)
    return None


def raised_class(call):
    try:
        call()
    except Exception as exc:
        return type(exc).__name__
    return None


dr = driver.Builder().with_modules(flow).build()
saved, extra = dr.materialize(
    to.json(id="summary_json", dependencies=["summary"], path=at("summary.json")),
    to.csv(
        id="frame_csv",
        dependencies=["doubled", flow.total],
        combine=base.PandasDataFrameResult(),
        path=at("frame.csv"),
    ),
    additional_vars=["total"],
)
loaded_saved, loaded_extra = dr.materialize(
    from_.csv(target="raw", path=raw_csv),
    to.json(id="again", dependencies=["summary"], path=at("again.json")),
    additional_vars=["raw", "total"],
)
only_extra = dr.materialize(from_.csv(target="raw", path=raw_csv), additional_vars=["total"])
validated = dr.validate_materialization(
    to.json(id="dry", dependencies=["summary"], path=at("dry.json"))
)
# Hamilton reads csv with pandas' nullable dtypes (Int64), dagrun with its defaults (int64).
loaded_extra["raw"] = loaded_extra["raw"].values.tolist()
emit(
    saved_ids=sorted(saved),
    metadata_keys={name: sorted(meta) for name, meta in saved.items()},
    extra=extra,
    summary_file=json.load(open(at("summary.json"))),
    frame_file=pd.read_csv(at("frame.csv")),
    loaded_saved=sorted(loaded_saved),
    loaded_extra=loaded_extra,
    again_file=json.load(open(at("again.json"))),
    only_extra=only_extra,
    validated=validated,
    dry_written=os.path.exists(at("dry.json")),
    nothing_asked=attempt(lambda: dr.materialize()),
    no_combine=attempt(
        lambda: dr.materialize(to.csv(id="x", dependencies=["doubled", "total"], path=at("x")))
    ),
    unknown_dependency=attempt(
        lambda: dr.materialize(to.json(id="x", dependencies=["nope"], path=at("x")))
    ),
    unknown_target=attempt(
        lambda: dr.materialize(from_.csv(target="nope", path=raw_csv), additional_vars=["total"])
    ),
    unknown_format=raised_class(lambda: to.no_such_format),
    unknown_loader=raised_class(lambda: from_.no_such_format),
    graph_unchanged=sorted(v.name for v in dr.list_available_variables()),
)
