"""Hamilton's savers name their file after pandas' own argument; a ported call finds it."""

import json
import types

import pandas as pd
import pytest

import dagrun
from dagrun.hamilton import driver
from dagrun.hamilton.io.materialization import to


def _flow() -> types.ModuleType:
    module = types.ModuleType("located_flow")

    def frame() -> pd.DataFrame:
        return pd.DataFrame({"a": [1, 2]})

    frame.__module__ = module.__name__
    module.frame = frame
    return module


def test_to_json_takes_pandas_filepath_or_buffer(tmp_path):
    target = tmp_path / "df.json"
    dr = driver.Builder().with_modules(_flow()).build()
    dr.materialize(to.json(id="out", dependencies=["frame"], filepath_or_buffer=str(target)))
    assert json.loads(target.read_text())  # written where the argument said


def test_two_locations_are_refused_by_name():
    with pytest.raises(dagrun.InputError, match="path= and buf="):
        to.json(id="out", dependencies=["frame"], path="a.json", buf="b.json")
