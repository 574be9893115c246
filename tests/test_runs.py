"""Run records: the state dir, run.json, and the SQLite history."""

from __future__ import annotations

import json
import threading
from pathlib import Path

import pytest

import dagrun
from dagrun.errors import InputError, NodeError
from dagrun.executors.events import DONE, FAILED, SKIPPED, STARTED, Event
from dagrun.runs import (
    RunRecorder,
    error_dict,
    finish_record,
    history,
    load_record,
    new_run_id,
    save_record,
    state_dir,
)


def _record(run_id: str, status: str = "success", started_at: str = "2026-01-01T00:00:00") -> dict:
    recorder = RunRecorder(["a", "b"])
    recorder.after_node(Event(DONE, "a", 0, 0.5))
    record = finish_record(
        run_id=run_id,
        status=status,
        started_at=started_at,
        started=0.0,
        run_file=None,
        out_dir=Path("out"),
        recorder=recorder,
        outputs={},
    )
    return record


def test_state_dir_is_beside_the_run_file_private(tmp_path, monkeypatch):
    """.dagrun/ next to the run file, created with mode 0700."""
    monkeypatch.delenv("DAGRUN_STATE_DIR", raising=False)
    folder = state_dir(tmp_path / "configs" / "run.yaml")
    assert folder == (tmp_path / "configs" / ".dagrun").resolve()
    assert folder.stat().st_mode & 0o777 == 0o700


def test_state_dir_defaults_to_cwd_and_env_overrides(tmp_path, monkeypatch):
    """Without a run file it is ./.dagrun; DAGRUN_STATE_DIR wins over both."""
    monkeypatch.delenv("DAGRUN_STATE_DIR", raising=False)
    monkeypatch.chdir(tmp_path)
    assert state_dir(None) == tmp_path / ".dagrun"
    monkeypatch.setenv("DAGRUN_STATE_DIR", str(tmp_path / "elsewhere"))
    assert state_dir(tmp_path / "run.yaml") == tmp_path / "elsewhere"


def test_recorder_tracks_each_nodes_last_event():
    """done, failed with its error, skipped; a started node that never ends stays not_run."""
    recorder = RunRecorder(["a", "b", "c", "d"])
    error = NodeError("node 'b' raised ValueError: bad", node="b")
    error.__cause__ = ValueError("bad")
    recorder.before_node(Event(STARTED, "a", 0), None)
    recorder.after_node(Event(DONE, "a", 0, 0.25))
    recorder.after_node(Event(FAILED, "b", 1, 0.1, error))
    recorder.after_node(Event(SKIPPED, "c", 2))
    recorder.before_node(Event(STARTED, "d", 3), None)
    assert recorder.nodes["a"] == {"status": "done", "duration_s": 0.25}
    assert recorder.nodes["b"]["error"]["exception"] == "ValueError: bad"
    assert recorder.nodes["c"]["status"] == "skipped"
    assert recorder.nodes["d"] == {"status": "not_run", "duration_s": 0.0}  # SPEC's shape
    assert recorder.errors == {"b": error}


def test_save_writes_run_json_and_history(tmp_path):
    """save_record writes OUT_DIR/run.json and load_record finds the same dict."""
    record = _record("20260101-000000-aaaaaa")
    path = save_record(record, tmp_path / "out", tmp_path / "state")
    assert json.loads(path.read_text()) == record
    assert load_record(tmp_path / "state", "20260101-000000-aaaaaa") == record


def test_latest_prefix_and_history_order(tmp_path):
    """latest is the newest run; a unique prefix finds a run; history is newest first."""
    state = tmp_path / "state"
    save_record(_record("20260101-000000-aaaaaa", "success", "2026-01-01T00"), tmp_path, state)
    save_record(_record("20260102-000000-bbbbbb", "failed", "2026-01-02T00"), tmp_path, state)
    assert load_record(state, "latest")["run_id"] == "20260102-000000-bbbbbb"
    assert load_record(state, "20260101")["run_id"] == "20260101-000000-aaaaaa"
    rows = history(state, limit=5)
    assert [(row["run_id"][:8], row["status"], row["done"]) for row in rows] == [
        ("20260102", "failed", 1),
        ("20260101", "success", 1),
    ]
    assert len(history(state, limit=1)) == 1


def test_unknown_and_ambiguous_ids_are_input_errors(tmp_path):
    """A missing id suggests 'dagrun runs'; a shared prefix asks for more; empty says so."""
    state = tmp_path / "state"
    with pytest.raises(InputError, match="no runs are recorded"):
        load_record(state, "latest")
    save_record(_record("20260101-000000-aaaaaa"), tmp_path, state)
    save_record(_record("20260101-000000-aaaaab"), tmp_path, state)
    with pytest.raises(InputError, match="ambiguous"):
        load_record(state, "20260101")
    with pytest.raises(InputError, match="no run 'zzz'"):
        load_record(state, "zzz")


def test_concurrent_saves_all_land(tmp_path):
    """Eight threads saving at once (WAL, busy timeout) lose no record."""
    state = tmp_path / "state"
    ids = [new_run_id() + f"{i}" for i in range(8)]
    threads = [
        threading.Thread(target=save_record, args=(_record(i), tmp_path / i, state)) for i in ids
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(row["run_id"] for row in history(state, 20)) == sorted(ids)


def test_run_ids_sort_by_time_and_are_unique():
    """Ids start with the UTC time and differ even within one second."""
    first, second = new_run_id(), new_run_id()
    assert first != second and len(first) == len("20260101-000000-abcdef")


def test_items_of_a_parallel_block_add_up_under_their_node():
    """Three items, one failing: the node is failed, with counts, summed time and the item."""
    recorder = RunRecorder(["square"])
    error = NodeError("node 'square' raised ValueError: negative", node="square")
    recorder.after_node(Event(DONE, "square", 0, 0.5, item=0))
    recorder.after_node(Event(FAILED, "square", 0, 0.25, error, item=1))
    recorder.after_node(Event(DONE, "square", 0, 0.25, item=2))
    entry = recorder.nodes["square"]
    assert entry["status"] == "failed"
    assert entry["items"] == {"done": 2, "failed": 1}
    assert entry["duration_s"] == 1.0
    assert entry["error"]["item"] == 1
    assert recorder.errors == {"square": error}


def test_retried_nodes_record_attempts_and_waits():
    """A retried node keeps its attempts and backoff; a block node sums them over items."""
    recorder = RunRecorder(["ask", "square"])
    recorder.after_node(Event(DONE, "ask", 0, 0.5, attempts=3, waited_s=0.3))
    recorder.after_node(Event(DONE, "square", 1, 0.1, attempts=2, waited_s=0.05, item=0))
    recorder.after_node(Event(DONE, "square", 1, 0.1, item=1))
    recorder.after_node(Event(DONE, "square", 1, 0.1, attempts=3, waited_s=0.15, item=2))
    assert recorder.nodes["ask"]["attempts"] == 3
    assert recorder.nodes["ask"]["waited_s"] == 0.3
    assert recorder.nodes["square"]["retries"] == 3
    assert recorder.nodes["square"]["waited_s"] == 0.2
    assert "attempts" not in recorder.nodes["square"]


def test_a_node_error_records_where_it_was_raised(tmp_path):
    """The record keeps the def line as origin and the failing line as raised_at."""
    flow = tmp_path / "raiser.py"
    flow.write_text("def boom(a: int) -> int:\n    b = a + 1\n    raise ValueError(b)\n")
    driver = dagrun.Driver({}, str(flow))
    with pytest.raises(dagrun.NodeError) as caught:
        driver.execute(["boom"], inputs={"a": 1})
    data = error_dict(caught.value)
    assert data["origin"].endswith("raiser.py:1")
    assert data["raised_at"] == f"{flow}:3"
