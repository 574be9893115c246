"""``@cache(format=...)``: a node's result is stored as a real file of that format and read
back from it, through the CLI, the Python API and the Hamilton driver; nodes without a
format keep their pickles and keys."""

import json
import sqlite3
import subprocess
import textwrap
import types
from pathlib import Path

import pandas as pd
import pytest

import dagrun
from dagrun.caching.store import Store
from tests.caching.conftest import DAGRUN, ENV

FLOW = """\
import os
import pandas as pd
from dagrun import cache


def _note(name):
    with open(os.path.join(os.path.dirname(__file__), "ran.txt"), "a") as handle:
        handle.write(name + "\\n")


@cache(format="parquet")
def frame(n: int) -> pd.DataFrame:
    _note("frame")
    return pd.DataFrame({"x": list(range(n)), "y": [i / 2 for i in range(n)]})


@cache(format="json")
def summary(frame: pd.DataFrame) -> dict:
    _note("summary")
    return {"rows": len(frame), "total": float(frame["y"].sum()), "names": ["x", "y"]}


@cache(format="file")
def title(summary: dict) -> str:
    _note("title")
    return f"{summary['rows']} rows"


def plain(summary: dict) -> int:
    _note("plain")
    return summary["rows"]
"""
OUTPUTS = ["frame", "summary", "title", "plain"]
EXPECTED_FRAME = pd.DataFrame({"x": range(4), "y": [0.0, 0.5, 1.0, 1.5]})


@pytest.fixture
def flow(tmp_path, monkeypatch):
    """The flow above as an importable module in its own folder; ``ran()`` drains ran.txt."""
    folder = tmp_path / "proj"
    folder.mkdir()
    (folder / "flow.py").write_text(FLOW)
    monkeypatch.syspath_prepend(str(folder))
    import importlib
    import sys

    sys.modules.pop("flow", None)
    module = importlib.import_module("flow")
    yield module
    sys.modules.pop("flow", None)


def ran(folder: Path) -> list[str]:
    path = folder / "ran.txt"
    names = path.read_text().split() if path.exists() else []
    path.unlink(missing_ok=True)
    return names


def stored(state: Path) -> dict[str, tuple[str | None, Path | None]]:
    """node -> (codec, blob file or None when inline), from the index itself."""
    with sqlite3.connect(state / "cache" / "index.sqlite") as db:
        rows = db.execute("SELECT node, format, blob FROM entries").fetchall()
    found = {}
    for node, codec, blob in rows:
        path = state / "cache" / "blobs" / blob[:2] / blob
        found[node] = (codec, path if path.exists() else None)
    return found


def run(module: types.ModuleType, state: Path):
    return dagrun.Driver({}, module).run(OUTPUTS, inputs={"n": 4}, cache=True, state_dir=state)


def test_results_are_files_of_their_format_and_reuse_reads_them(flow, tmp_path):
    state, folder = tmp_path / "state", Path(flow.__file__).parent
    first = run(flow, state)
    assert first.errors == {} and sorted(ran(folder)) == sorted(OUTPUTS)
    files = stored(state)
    assert files["frame"][0] == "parquet:pandas" and files["frame"][1].suffix == ".parquet"
    pd.testing.assert_frame_equal(pd.read_parquet(files["frame"][1]), EXPECTED_FRAME)
    assert files["summary"][0] == "json:python" and files["summary"][1].suffix == ".json"
    assert json.loads(files["summary"][1].read_text()) == first.values["summary"]
    # Hamilton's "file" is dagrun's txt format.
    assert files["title"][0] == "txt:python"
    assert files["title"][1].read_text() == "4 rows"
    # A node without a format is pickled, inline in the index as before.
    assert files["plain"] == (None, None)

    again = run(flow, state)
    assert ran(folder) == []
    assert set(again.record["cache"]) == set(OUTPUTS)
    assert {n["status"] for n in again.record["nodes"].values()} == {"cached"}
    pd.testing.assert_frame_equal(again.values["frame"], EXPECTED_FRAME)
    assert again.values["summary"] == first.values["summary"]
    assert again.values["title"] == "4 rows"


def test_a_reuse_hands_on_what_the_file_holds(flow, tmp_path):
    """The value a reuse returns is read from the format's file (here: JSON's lists)."""
    state, folder = tmp_path / "state", Path(flow.__file__).parent
    (folder / "flow.py").write_text(FLOW.replace('"names": ["x", "y"]', '"names": ("x", "y")'))
    import importlib

    module = importlib.reload(flow)
    assert run(module, state).values["summary"]["names"] == ("x", "y")
    reused = dagrun.Driver({}, module).run(
        ["summary"], inputs={"n": 4}, cache=True, state_dir=state
    )
    assert reused.record["nodes"]["summary"]["status"] == "cached"
    assert reused.values["summary"]["names"] == ["x", "y"]


def test_a_changed_or_corrupt_file_is_recomputed(flow, tmp_path, caplog):
    state, folder = tmp_path / "state", Path(flow.__file__).parent
    run(flow, state)
    ran(folder)
    stored(state)["frame"][1].write_bytes(b"not parquet")
    again = run(flow, state)
    assert "frame" in ran(folder)
    assert "stored result unreadable" in again.record["cache"]["frame"]["reason"]
    pd.testing.assert_frame_equal(again.values["frame"], EXPECTED_FRAME)


def test_an_unknown_format_is_a_build_error_with_a_suggestion(tmp_path):
    module = types.ModuleType("typo_flow")
    exec(
        "from dagrun import cache\n\n@cache(format='parqet')\ndef x() -> int:\n    return 1\n",
        module.__dict__,
    )
    with pytest.raises(dagrun.GraphError) as raised:
        dagrun.Driver({}, module)
    error = raised.value
    assert error.node == "x" and error.origin.line == 3
    assert "@cache(format='parqet'): unknown format 'parqet'" in str(error)
    assert error.hint == "did you mean 'parquet'?"


@pytest.mark.parametrize(
    ("body", "annotation", "fmt", "why"),
    [
        ('{"a": 1}', "dict", "parquet", "cannot be loaded as python"),
        ("pd.Series([1, 2])", "pd.Series", "parquet", "comes back as a pandas.DataFrame"),
        ('{"x": float("nan")}', "dict", "json", "Out of range float values"),
        ("3", "int", "txt", "comes back as a str"),
    ],
)
def test_a_value_the_format_cannot_hold_fails_its_node(tmp_path, body, annotation, fmt, why):
    module = types.ModuleType("held_flow")
    source = f"""
        import pandas as pd
        from dagrun import cache

        @cache(format={fmt!r})
        def held() -> {annotation}:
            return {body}

        def after(held: {annotation}) -> int:
            return 1
    """
    exec(textwrap.dedent(source), module.__dict__)
    state = tmp_path / "state"
    result = dagrun.Driver({}, module).run(["after"], cache=True, state_dir=state)
    error = result.errors["held"]
    assert isinstance(error, dagrun.NodeError) and error.node == "held"
    assert f"@cache(format={fmt!r}) cannot store" in str(error) and why in str(error)
    assert "choose another format" in error.hint
    assert result.record["nodes"]["after"]["status"] != "done"
    assert Store(state).latest("held") is None


def test_nodes_without_a_format_keep_their_keys_across_the_index_upgrade(flow, tmp_path):
    """An index from before formats were stored (no format column) is upgraded in place and
    every entry in it is still found: the keys did not change."""
    state, folder = tmp_path / "state", Path(flow.__file__).parent
    run(flow, state)
    ran(folder)
    with sqlite3.connect(state / "cache" / "index.sqlite") as db:
        db.execute("DELETE FROM entries WHERE format IS NOT NULL")
        db.execute("ALTER TABLE entries DROP COLUMN format")
    again = run(flow, state)
    assert sorted(ran(folder)) == ["frame", "summary", "title"]
    assert again.record["nodes"]["plain"]["status"] == "cached"
    assert stored(state)["frame"][0] == "parquet:pandas"


def test_the_cli_stores_and_reuses_format_files(tmp_path):
    root = tmp_path / "cli"
    root.mkdir()
    (root / "flow.py").write_text(FLOW)
    (root / "run.yaml").write_text(
        "modules: [flow.py]\ninputs: {n: 4}\noutputs:\n  plain: plain.json\n  frame: frame.csv\n"
    )

    def execute() -> None:
        done = subprocess.run(
            [str(DAGRUN), "execute", "run.yaml"],
            cwd=root,
            env=ENV,
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert done.returncode == 0, done.stderr

    execute()
    assert sorted(ran(root)) == ["frame", "plain", "summary"]
    files = stored(root / ".dagrun")
    pd.testing.assert_frame_equal(pd.read_parquet(files["frame"][1]), EXPECTED_FRAME)
    execute()
    assert ran(root) == []
    assert pd.read_csv(root / "out" / "run" / "frame.csv")["y"].tolist() == [0.0, 0.5, 1.0, 1.5]


def test_the_hamilton_driver_with_cache_stores_format_files(flow, tmp_path):
    from dagrun.hamilton import driver

    folder, path = Path(flow.__file__).parent, tmp_path / "hamilton_cache"

    def execute() -> dict:
        built = driver.Builder().with_modules(flow).with_cache(path=str(path)).build()
        return built.execute(["summary", "frame"], inputs={"n": 4})

    first = execute()
    assert sorted(ran(folder)) == ["frame", "summary"]
    (parquet,) = path.rglob("*.parquet")
    pd.testing.assert_frame_equal(pd.read_parquet(parquet), EXPECTED_FRAME)
    (stored_json,) = path.rglob("*.json")
    assert json.loads(stored_json.read_text()) == first["summary"]
    again = execute()
    assert ran(folder) == []
    pd.testing.assert_frame_equal(again["frame"], EXPECTED_FRAME)
