"""``dagrun runs`` and ``dagrun show`` end to end, over the SQLite history."""

from __future__ import annotations

import json

from cli_support import FLOWS, base_env


def test_runs_lists_newest_first_with_counts(dagrun, hello):
    """Two runs, one failed: runs --json lists both, newest first, with done/failed counts."""
    assert dagrun("execute", hello, "-q").code == 0
    assert dagrun("execute", hello, "-s", "c", "-q").code == 0
    rows = dagrun("runs", hello, "--json").json()["runs"]
    assert [row["status"] for row in rows] == ["success", "success"]
    assert [row["done"] for row in rows] == [1, 2]
    assert rows[0]["run_file"] == str(hello)


def test_runs_table_and_limit(dagrun, hello):
    """The human table is on stdout; --limit caps it."""
    for _ in range(3):
        dagrun("execute", hello, "-q")
    ran = dagrun("runs", hello, "--limit", "2")
    assert ran.code == 0
    assert len([line for line in ran.out.splitlines() if "success" in line]) == 2
    refused = dagrun("runs", hello, "--limit", "0")
    assert refused.code == 2 and "greater than or equal to 1" in refused.err


def test_show_latest_equals_run_json(dagrun, hello, tmp_path):
    """show latest --json is the same record as OUT_DIR/run.json."""
    dagrun("execute", hello, "-q")
    record = dagrun("show", "latest", hello, "--json").json()
    assert record == json.loads((tmp_path / "out" / "hello" / "run.json").read_text())


def test_show_by_prefix_prints_per_node_timings(dagrun, hello):
    """show RUN_ID (a prefix is enough) prints each node with status and time."""
    run_id = json.loads(dagrun("execute", hello, "--json").out)["run_id"]
    ran = dagrun("show", run_id[:-2], hello)
    assert ran.code == 0, ran.err
    assert run_id in ran.out
    assert any(line.split()[:2] == ["c", "done"] for line in ran.out.splitlines())


def test_show_unknown_run_is_exit_2_with_hint(dagrun, hello):
    """An unknown id is an input error that points at `dagrun runs`."""
    dagrun("execute", hello, "-q")
    ran = dagrun("show", "nope", hello)
    assert ran.code == 2
    assert "no run 'nope'" in ran.err and "dagrun runs" in ran.err


def test_state_dir_env_collects_runs_from_anywhere(dagrun, tmp_path):
    """DAGRUN_STATE_DIR overrides where history goes, for runs without a run file too."""
    state = tmp_path / "state"
    env = base_env(DAGRUN_STATE_DIR=str(state))
    ran = dagrun("execute", "-m", FLOWS / "cli_branches.py", "-i", "n=2", "-q", env=env)
    assert ran.code == 1
    rows = dagrun("runs", "--json", env=env).json()["runs"]
    assert [(row["status"], row["failed"]) for row in rows] == [("failed", 1)]
    assert (state / "history.sqlite").exists()
    assert oct(state.stat().st_mode & 0o777) == "0o700"


def test_empty_history_says_so(dagrun):
    """runs with nothing recorded prints a note and exits 0; show latest is exit 2."""
    ran = dagrun("runs")
    assert ran.code == 0 and "no runs recorded yet" in ran.err
    assert dagrun("show", "latest").code == 2
