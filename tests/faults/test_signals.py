"""SIGINT and SIGTERM stop runs cleanly on every executor: 130/143, `interrupted`, none pending."""

from __future__ import annotations

import json
import os
import signal
import time
from pathlib import Path

import pytest

from tests.faults.conftest import FLOWS
from tests.faults.harness import dagrun_process, history_rows, problems

CASES = [
    ("sequential", signal.SIGINT),
    ("sequential", signal.SIGTERM),
    ("threads", signal.SIGINT),
    ("threads", signal.SIGTERM),
    ("processes", signal.SIGINT),
    ("processes", signal.SIGTERM),
    ("dask", signal.SIGTERM),
]


def _wait_for(condition, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.02)
    return True


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    status = Path(f"/proc/{pid}/stat")
    return not (status.exists() and status.read_text().split()[2] == "Z")


@pytest.mark.parametrize(("kind", "stop"), CASES, ids=[f"{k}-{s.name}" for k, s in CASES])
def test_a_stop_signal_records_interrupted_and_cancels_pending_work(tmp_path, kind, stop):
    """The run exits 128+signal within seconds, run.json and the history say `interrupted`,
    the node still queued never starts and no worker process outlives the run."""
    marks = tmp_path / "marks"
    marks.mkdir()
    args = ["execute", "-m", str(FLOWS / "stoppable.py"), "-i", f"folder={marks}"]
    args += ["--executor", kind, "-j", "2", "--no-cache", "-o", str(tmp_path / "out")]
    process = dagrun_process(args, tmp_path)
    running = 1 if kind == "sequential" else 2
    try:
        assert _wait_for(lambda: len([p for p in marks.iterdir() if p.read_text()]) >= running, 60)
        started = {p.stem: int(p.read_text()) for p in marks.iterdir()}
        sent = time.monotonic()
        process.send_signal(stop)
        _, stderr = process.communicate(timeout=60)
    finally:
        process.kill()
        process.communicate()
    assert process.returncode == 128 + stop, stderr
    assert time.monotonic() - sent < 15
    assert "Traceback" not in stderr
    record = json.loads((tmp_path / "out" / "run.json").read_text())
    assert record["status"] == "interrupted"
    assert history_rows(tmp_path / ".dagrun")[-1] == (record["run_id"], "interrupted")
    time.sleep(1)
    assert sorted(p.stem for p in marks.iterdir()) == sorted(started)
    workers = {pid for pid in started.values() if pid != process.pid}
    assert _wait_for(lambda: not any(_alive(pid) for pid in workers), 10)
    assert problems(tmp_path / ".dagrun", [tmp_path / "out"]) == []
