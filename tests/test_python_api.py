"""The Python API does what ``dagrun execute`` does: same files, equivalent records."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from dagrun import Driver, GraphError, InputError
from dagrun.hooks import GraphValidator, Hook, ResultBuilder
from dagrun.runspec import load
from tests.cli.cli_support import DAGRUN, ROOT, base_env

RUN_FILE = ROOT / "configs" / "customer_features_batch.yaml"
OUTPUTS = ["features", "login_activity"]
INPUTS = {"db_path": "data/customers.db", "as_of": "2026-06-30", "high_roller_budget": 5000.0}


def _comparable(record: dict) -> dict:
    """A record without what differs between any two runs: ids, times, paths, the request."""
    nodes = {name: entry["status"] for name, entry in record["nodes"].items()}
    outputs = {
        name: (Path(entry["path"]).name, entry["format"], entry["bytes"], entry["sha256"])
        for name, entry in record["outputs"].items()
    }
    return {
        "status": record["status"],
        "nodes": nodes,
        "outputs": outputs,
        "counts": record["counts"],
    }


def test_cli_and_a_few_lines_of_python_write_the_same_files(tmp_path, monkeypatch):
    """Byte-identical outputs, equivalent run records, both in the history, both cached."""
    monkeypatch.chdir(ROOT)
    monkeypatch.setenv("DAGRUN_STATE_DIR", str(tmp_path / "state"))
    cli_out, py_out = tmp_path / "cli", tmp_path / "python"
    ran = subprocess.run(
        [str(DAGRUN), "execute", str(RUN_FILE), "-o", str(cli_out), "-q"],
        env=base_env(DAGRUN_STATE_DIR=str(tmp_path / "state")),
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert ran.returncode == 0, ran.stderr

    with Driver({"mode": "batch"}, "flows/customer_features.py") as dr:
        result = dr.run(
            OUTPUTS,
            inputs=INPUTS,
            cache=True,
            out_dir=py_out,
            targets={"features": "features.parquet", "login_activity": "login_activity.csv"},
        )

    assert result.ok and result.exit_code == 0
    for name in ("features.parquet", "login_activity.csv"):
        assert (py_out / name).read_bytes() == (cli_out / name).read_bytes(), name
    cli_record = json.loads((cli_out / "run.json").read_text())
    py_record = json.loads((py_out / "run.json").read_text())
    assert py_record == json.loads(json.dumps(result.record))
    # The CLI ran first, so the Python run found every node in the shared cache,
    # except the two readers of the database, which always recompute.
    assert set(py_record["cache"]) == set(cli_record["cache"])
    fresh = {name for name, entry in py_record["nodes"].items() if entry["status"] != "cached"}
    assert fresh == {"survey_results", "login_events"}
    assert all("recompute" in py_record["cache"][name]["reason"] for name in fresh)
    assert _comparable(cli_record)["outputs"] == _comparable(py_record)["outputs"]
    assert result["features"].equals(result.values["features"])

    from dagrun.runs import history

    ids = [row["run_id"] for row in history(tmp_path / "state")]
    assert py_record["run_id"] in ids and cli_record["run_id"] in ids


def test_a_run_file_runs_from_python_as_from_the_cli(tmp_path, monkeypatch):
    """``Driver.from_spec`` + ``request_for``: the run file's outputs, paths and record fields."""
    monkeypatch.chdir(ROOT)
    monkeypatch.setenv("DAGRUN_STATE_DIR", str(tmp_path / "state"))
    cold, warm = tmp_path / "cold", tmp_path / "warm"
    records = []
    for out in (cold, warm):
        spec = load(ROOT / "configs" / "hello.yaml")
        with Driver.from_spec(spec) as dr:
            request = dr.request_for(spec)
            from dataclasses import replace

            result = dr.run(replace(request, out_dir=out))
        records.append(result.record)
    assert (cold / "c.txt").read_bytes() == (warm / "c.txt").read_bytes()
    assert records[0]["counts"]["done"] == 2 and records[1]["counts"]["cached"] == 2
    assert records[1]["selection"] == ["c", "d"] and records[1]["executor"] == "sequential"


FLOW = """
def a(x: int) -> int:
    return x + 1


def b(a: int) -> int:
    return a * 2


def broken(a: int) -> int:
    raise ValueError("no")


def after(broken: int) -> int:
    return broken
"""


@pytest.fixture(scope="module")
def flow(tmp_path_factory):
    """The small flow below, imported once for every test of this module."""
    from dagrun.loader import load_module
    from dagrun.runspec import ModuleRef, Source

    path = tmp_path_factory.mktemp("api") / "flow_api.py"
    path.write_text(FLOW)
    return load_module(ModuleRef(str(path), path.parent, Source("python", str(path))))


def test_run_keeps_going_or_fails_fast_without_raising(flow):
    dr = Driver({}, flow)
    going = dr.run(["b", "after"], inputs={"x": 1})
    assert going.status == "failed" and set(going.errors) == {"broken"}
    assert going.values == {"b": 4}
    assert going.record["nodes"]["after"]["status"] == "skipped"
    assert going.record_path is None  # no out_dir: nothing written
    fast = dr.run(["b", "after"], inputs={"x": 1}, keep_going=False)
    assert fast.status == "failed" and fast.values == {}


def test_run_refuses_unknown_options_with_a_suggestion(flow):
    dr = Driver({}, flow)
    with pytest.raises(InputError, match="keep_gong") as caught:
        dr.run(["b"], inputs={"x": 1}, keep_gong=True)
    assert "keep_going" in caught.value.hint


def test_hooks_see_runs_and_nodes_with_tags_and_inputs(flow):
    calls = []

    class Watch(Hook):
        def before_run(self, run):
            calls.append(("before_run", run.outputs, run.nodes))

        def before_node(self, event, node):
            calls.append(("before", node.name, tuple(node.dep_names)))

        def after_node(self, event, node):
            calls.append(("after", node.name, event.kind, event.value))

        def after_run(self, run, end):
            calls.append(("after_run", end.status, dict(end.outputs)))

    dr = Driver({}, flow, hooks=[Watch()])
    assert dr.execute(["b"], inputs={"x": 1}) == {"b": 4}
    assert calls == [
        ("before_run", ("b",), ("a", "b")),
        ("before", "a", ("x",)),
        ("after", "a", "done", 2),
        ("before", "b", ("a",)),
        ("after", "b", "done", 4),
        ("after_run", "success", {"b": 4}),
    ]
    with pytest.raises(Exception, match="no"):
        dr.execute(["after"], inputs={"x": 1})
    assert calls[-1] == ("after_run", "failed", {})


def test_a_validator_refuses_the_graph_at_build(flow):
    class NoBroken(GraphValidator):
        def validate_node(self, node):
            return "names must not say broken" if "broken" in node.name else None

    with pytest.raises(GraphError, match=r"broken .*flow_api.py:\d+.*must not say broken"):
        Driver({}, flow, hooks=[NoBroken()])


def test_a_result_builder_shapes_execute(flow):
    class Sum(ResultBuilder):
        def build_result(self, outputs):
            return sum(outputs.values())

    dr = Driver({}, flow, hooks=[Sum()])
    assert dr.execute(["a", "b"], inputs={"x": 1}) == 6
    assert Driver({}, flow).execute(["a"], inputs={"x": 1}) == {"a": 2}


def test_dry_run_says_what_would_run(flow, tmp_path):
    dr = Driver({}, flow)
    plan = dr.dry_run(["b"], inputs={"x": 1}, out_dir=tmp_path / "o", targets={"b": "b.json"})
    assert [step["node"] for step in plan["steps"]] == ["a", "b"]
    assert plan["outputs"] == {"b": str(tmp_path / "o" / "b.json")}
    assert not (tmp_path / "o").exists()


def test_a_fail_fast_cached_run_reuses_and_hooks_see_it(flow, tmp_path):
    kinds = []

    class Kinds(Hook):
        def after_node(self, event, node):
            kinds.append((node.name, event.kind))

    dr = Driver({}, flow, hooks=[Kinds()])
    options = {"inputs": {"x": 1}, "keep_going": False, "cache": True, "state_dir": tmp_path}
    first = dr.run(["b"], **options)
    assert first.ok and first.values == {"b": 4}
    assert kinds == [("a", "done"), ("b", "done")]
    kinds.clear()
    again = dr.run(["b"], **options)
    assert again.values == {"b": 4}
    assert sorted(kinds) == [("a", "cached"), ("b", "cached")]
    assert {entry["status"] for entry in again.record["nodes"].values()} == {"cached"}


def test_a_hook_that_raises_stops_the_run_and_still_hears_its_end(flow):
    ends = []

    class Fussy(Hook):
        def before_node(self, event, node):
            raise RuntimeError(f"refusing {node.name}")

        def after_run(self, run, end):
            ends.append(end.status)

    with pytest.raises(RuntimeError, match="refusing a"):
        Driver({}, flow, hooks=[Fussy()]).run(["b"], inputs={"x": 1})
    assert ends == ["failed"]
