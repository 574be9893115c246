"""load_from, save_to, dataloader, datasaver, and to/from_ materializers, on real files."""

import json
import types
from typing import Any

import pandas as pd
import polars as pl
import pytest

import dagrun
from dagrun import GraphError, dataloader, datasaver, load_from, save_to, source, value
from dagrun.io import REGISTRY, register_format, register_loader, register_saver
from dagrun.io.materialize import from_, to, with_materializers
from tests.modifiers.helpers import build, line_of


def _module(*functions: Any) -> types.ModuleType:
    """A flow module holding ``functions`` (as if defined in it)."""
    module = types.ModuleType("data_io_flow")
    for fn in functions:
        fn.__module__ = module.__name__
        setattr(module, fn.__name__, fn)
    return module


def test_load_from_csv_reads_a_pandas_frame_from_a_source_path(tmp_path):
    path = tmp_path / "in.csv"
    path.write_text("a,b\n1,2\n3,4\n")

    @load_from.csv(path=source("csv_path"))
    def frame(raw: pd.DataFrame) -> int:
        return int(raw["a"].sum())

    nodes = build(frame)
    assert {"frame", "frame.load_data.raw", "frame.select_data.raw"} <= set(nodes)
    assert nodes["frame"].dep_names == ("frame.select_data.raw",)
    assert nodes["frame.load_data.raw"].tags["hamilton.data_loader.source"] == "csv"
    result = dagrun.Driver({}, _module(frame)).execute(["frame"], inputs={"csv_path": str(path)})
    assert result == {"frame": 4}


def test_pandas_reads_with_nullable_dtypes_as_under_hamilton_unless_told(tmp_path):
    path = tmp_path / "in.csv"
    path.write_text("a,b\n1,x\n,y\n")

    @load_from.csv(path=value(str(path)))
    def nullable(raw: pd.DataFrame) -> dict:
        return {column: str(dtype) for column, dtype in raw.dtypes.items()}

    @load_from.csv(path=value(str(path)), dtype_backend=value("pyarrow"))
    def arrow(raw: pd.DataFrame) -> dict:
        return {column: str(dtype) for column, dtype in raw.dtypes.items()}

    found = dagrun.Driver({}, _module(nullable, arrow)).execute(["nullable", "arrow"])
    assert found["nullable"]["a"] == "Int64"
    assert found["arrow"]["a"] == "int64[pyarrow]"


def test_the_annotation_chooses_polars_and_parquet_loads_that_way(tmp_path):
    path = tmp_path / "in.parquet"
    pl.DataFrame({"x": [1, 2, 3]}).write_parquet(path)

    @load_from.parquet(path=value(str(path)))
    def rows(table: pl.DataFrame) -> list:
        return table["x"].to_list()

    assert dagrun.Driver({}, _module(rows)).execute(["rows"]) == {"rows": [1, 2, 3]}


def test_inject_names_the_parameter_and_two_loaders_feed_two(tmp_path):
    (tmp_path / "a.json").write_text('{"x": 1}')
    (tmp_path / "b.json").write_text('{"y": 2}')

    @load_from.json(path=str(tmp_path / "a.json"), inject_="first")
    @load_from.json(path=source("b_path"), inject_="second")
    def merged(first: dict, second: dict, extra: int) -> dict:
        return {**first, **second, "extra": extra}

    dr = dagrun.Driver({}, _module(merged))
    found = dr.execute(["merged"], inputs={"b_path": str(tmp_path / "b.json"), "extra": 3})
    assert found == {"merged": {"x": 1, "y": 2, "extra": 3}}


def test_load_from_without_inject_on_two_parameters_names_the_function():
    @load_from.json(path="x.json")
    def two(a: dict, b: dict) -> dict:
        return a

    with pytest.raises(GraphError, match="inject_") as raised:
        build(two)
    assert line_of(two) in str(raised.value)


def test_a_misnamed_inject_or_missing_path_is_a_graph_error():
    @load_from.json(path="x.json", inject_="nope")
    def one(data: dict) -> dict:
        return data

    @load_from.json(inject_="data")
    def pathless(data: dict) -> dict:
        return data

    with pytest.raises(GraphError, match="names no parameter"):
        build(one)
    with pytest.raises(GraphError, match="no path"):
        build(pathless)


def test_an_unknown_format_lists_the_registry_formats():
    with pytest.raises(AttributeError) as raised:
        _ = load_from.no_such
    for name in REGISTRY.names():
        assert name in str(raised.value)
    with pytest.raises(AttributeError, match="csv"):
        _ = save_to.no_such


def test_hamiltons_file_format_is_the_registry_txt(tmp_path):
    (tmp_path / "in.txt").write_text("two words")

    @load_from.file(path=str(tmp_path / "in.txt"))
    def words(text: str) -> list:
        return text.split()

    dr = dagrun.Driver({}, _module(words))
    assert dr.execute(["words"]) == {"words": ["two", "words"]}
    assert dr.graph.nodes["words.load_data.text"].tags["hamilton.data_loader.source"] == "file"


def test_save_to_adds_a_saver_node_and_writes_only_when_asked(tmp_path):
    out = tmp_path / "out.json"

    @save_to.json(path=source("out_path"), output_name_="saved")
    def mapping() -> dict:
        return {"a": 1}

    @save_to.csv(path=str(tmp_path / "t.csv"))
    def table() -> pd.DataFrame:
        return pd.DataFrame({"k": [1, 2]})

    dr = dagrun.Driver({}, _module(mapping, table))
    dr.execute(["mapping", "table"], inputs={"out_path": str(out)})
    assert not out.exists()
    found = dr.execute(["saved", "save.table"], inputs={"out_path": str(out)})
    assert json.loads(out.read_text()) == {"a": 1}
    assert pd.read_csv(tmp_path / "t.csv")["k"].tolist() == [1, 2]
    assert found["saved"]["file_metadata"]["size"] == out.stat().st_size
    assert found["save.table"]["dataframe_metadata"]["column_names"] == ["k"]


def test_save_to_a_format_that_cannot_take_the_value_fails_the_node(tmp_path):
    @save_to.bin(path=str(tmp_path / "x.bin"))
    def text() -> str:
        return "not an array"

    with pytest.raises(dagrun.NodeError, match=r"save\.text"):
        dagrun.Driver({}, _module(text)).execute(["save.text"])


def test_a_registered_format_works_in_save_to_and_load_from(tmp_path, monkeypatch):
    monkeypatch.setattr(REGISTRY, "_formats", dict(REGISTRY._formats))  # the test's own
    monkeypatch.setattr(REGISTRY, "_extensions", dict(REGISTRY._extensions))
    register_format("upper", (".upper",))
    register_saver("upper")(lambda value, handle: handle.write(value.upper().encode()))
    register_loader("upper")(lambda handle: handle.read().decode())
    path = str(tmp_path / "x.upper")

    @save_to.upper(path=path)
    def shout() -> str:
        return "hi"

    @load_from.upper(path=path)
    def heard(text: str) -> str:
        return text

    dr = dagrun.Driver({}, _module(shout, heard))
    dr.execute(["save.shout"])
    assert dr.execute(["heard"]) == {"heard": "HI"}


def test_dataloader_and_datasaver_make_hamiltons_nodes(tmp_path):
    (tmp_path / "s.json").write_text('{"a": 1}')

    @dataloader()
    def settings(settings_path: str) -> tuple[dict, dict]:
        with open(settings_path) as handle:
            return json.load(handle), {"path": settings_path}

    @datasaver()
    def stored(settings: dict) -> dict:
        return {"n": len(settings)}

    nodes = build(settings, stored)
    assert nodes["settings.loader"].tags["hamilton.data_loader.has_metadata"] is True
    assert nodes["stored"].tags["hamilton.data_saver.sink"] == "stored"
    dr = dagrun.Driver({}, _module(settings, stored))
    found = dr.execute(["settings", "stored"], inputs={"settings_path": str(tmp_path / "s.json")})
    assert found == {"settings": {"a": 1}, "stored": {"n": 1}}


def test_dataloader_and_datasaver_check_the_return_annotation():
    @dataloader()
    def loads() -> dict:
        return {}

    @datasaver()
    def saves() -> list:
        return []

    with pytest.raises(GraphError, match="tuple"):
        build(loads)
    with pytest.raises(GraphError, match="dict return"):
        build(saves)


def test_materializers_add_savers_and_extractors_replace_nodes(tmp_path):
    (tmp_path / "raw.json").write_text("[4, 5]")

    def raw() -> list:
        return [1, 2]

    def total(raw: list) -> int:
        return sum(raw)

    module = _module(raw, total)
    graph = dagrun.Driver({}, module).graph
    made = with_materializers(
        [module],
        graph,
        [
            to.json(id="total_json", dependencies=["total"], path=str(tmp_path / "t.json")),
            from_.json(target="raw", path=str(tmp_path / "raw.json")),
        ],
        list,
    )
    dr = dagrun.Driver({}, *made.modules)
    assert made.saver_ids == ("total_json",)
    assert dr.execute(["total_json", "total"])["total"] == 9
    assert json.loads((tmp_path / "t.json").read_text()) == 9
    assert "raw" in vars(module)  # the flow's own module is untouched
    assert dagrun.Driver({}, module).execute(["total"]) == {"total": 3}


def test_a_materializer_needs_a_path():
    with pytest.raises(dagrun.InputError, match="no path"):
        to.json(id="x", dependencies=["a"])


def test_an_extractor_may_stand_for_an_input(tmp_path):
    (tmp_path / "n.json").write_text("[1, 2, 3]")

    def count(numbers: list) -> int:
        return len(numbers)

    module = _module(count)
    graph = dagrun.Driver({}, module).graph
    made = with_materializers(
        [module], graph, [from_.json(target="numbers", path=str(tmp_path / "n.json"))], list
    )
    assert dagrun.Driver({}, *made.modules).execute(["count"]) == {"count": 3}
