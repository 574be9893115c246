"""``dagrun cache info|clear`` and ``dagrun retry`` through the real executable."""

import shutil
import sqlite3
import time

import pytest
from cli_support import FLOWS, write

RUN_FILE = """\
modules: [flow.py]
config: {shift: 10}
inputs: {a: 1, b: 2}
outputs:
  report: report.txt
"""


@pytest.fixture
def notes(tmp_path):
    """The cache notes flow and a run file in ``tmp_path``; returns a reader of ran.txt."""
    shutil.copy(FLOWS / "cache_notes.py", tmp_path / "flow.py")
    write(tmp_path / "run.yaml", RUN_FILE)

    def ran():
        path = tmp_path / "ran.txt"
        names = path.read_text().split() if path.exists() else []
        path.unlink(missing_ok=True)
        return names

    return ran


def test_info_counts_entries_per_node(dagrun, notes):
    """After one run, info lists every node with one entry and a size on disk."""
    assert dagrun("execute", "run.yaml", "-q").code == 0
    info = dagrun("cache", "info", "--json").json()
    assert info["entries"] == 5
    assert {row["node"] for row in info["nodes"]} == {"raw", "scaled", "parity", "offset", "report"}
    assert all(row["entries"] == 1 and row["bytes"] > 0 for row in info["nodes"])
    assert info["size_bytes"] > 0
    human = dagrun("cache", "info")
    assert human.code == 0 and "5 entries" in human.out and "report" in human.out


def test_clear_older_than_keeps_recent_entries(dagrun, notes, tmp_path):
    """``--older-than 30d`` removes only entries unused that long; a rerun reuses the rest."""
    dagrun("execute", "run.yaml", "-q")
    notes()
    index = tmp_path / ".dagrun" / "cache" / "index.sqlite"
    with sqlite3.connect(index) as db:
        db.execute("UPDATE entries SET used = ? WHERE node = 'report'", (time.time() - 40 * 86400,))
    cleared = dagrun("cache", "clear", "--older-than", "30d", "--json").json()
    assert cleared["removed"] == 1
    assert dagrun("execute", "run.yaml", "-q").code == 0
    assert notes() == ["report"]


def test_clear_empties_the_cache(dagrun, notes):
    """``cache clear`` removes every entry, so the next run recomputes everything."""
    dagrun("execute", "run.yaml", "-q")
    notes()
    result = dagrun("cache", "clear")
    assert result.code == 0 and "removed 5 cache entries" in result.err
    dagrun("execute", "run.yaml", "-q")
    assert sorted(notes()) == ["offset", "parity", "raw", "report", "scaled"]


def test_clear_rejects_a_malformed_age(dagrun, notes):
    """An age without a unit is a usage error (exit 2) that shows the accepted form."""
    result = dagrun("cache", "clear", "--older-than", "30")
    assert result.code == 2
    assert "30d" in result.err


def test_retry_resumes_a_failed_run_with_its_flags(dagrun, notes, tmp_path):
    """retry repeats the failed run's selection and -i flags, rerunning only what must run."""
    flow = tmp_path / "flow.py"
    source = flow.read_text()
    flow.write_text(source.replace("return b + shift", "raise RuntimeError('down')"))
    failed = dagrun("execute", "run.yaml", "-i", "a=4", "-s", "report", "-q")
    assert failed.code == 1
    assert sorted(notes()) == ["offset", "parity", "raw", "scaled"]
    flow.write_text(source)
    retried = dagrun("retry", "--json")
    assert retried.code == 0, retried.err
    assert notes() == ["offset", "report"]
    assert retried.json()["request"]["flags"] == ["-i a=4"]
    assert (tmp_path / "out" / "run" / "report.txt").read_text() == "10 odd 12"


def test_retry_without_runs_is_an_input_error(dagrun, notes):
    """retry with an empty history says so and exits 2."""
    result = dagrun("retry")
    assert result.code == 2
    assert "no runs" in result.err


def test_cache_info_and_clear_look_without_creating_a_state_dir(dagrun, tmp_path):
    """In a folder that never ran anything, info and clear report nothing and make nothing."""
    info = dagrun("cache", "info", "--json")
    assert info.code == 0 and info.json()["entries"] == 0
    cleared = dagrun("cache", "clear", "--json")
    assert cleared.code == 0 and cleared.json() == {"removed": 0, "freed_bytes": 0}
    assert not (tmp_path / ".dagrun").exists()
