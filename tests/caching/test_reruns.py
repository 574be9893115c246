"""Real CLI reruns after edits on disk run exactly the functions that must run.

Which functions ran is read from their side effect (each appends its name to
ran.txt), not from the run record.
"""

import json
import signal
import time

import pytest

ALL = ["offset", "parity", "raw", "report", "scaled"]


def test_unchanged_rerun_runs_nothing_and_records_cached(project):
    """A rerun with nothing changed runs no function; the record marks every node cached."""
    project.execute()
    assert project.ran() == []
    assert project.report() == "4 even 12"
    assert {n["status"] for n in project.record()["nodes"].values()} == {"cached"}


def test_edit_to_one_function_reruns_it_and_its_changed_consumers(project):
    """Editing offset reruns offset and report only."""
    project.edit("return b + shift", "return b + shift + 1")
    project.execute()
    assert project.ran() == ["offset", "report"]
    assert project.report() == "4 even 13"


def test_comment_and_docstring_edits_rerun_nothing(project):
    """Comments, docstrings and formatting do not count as changes."""
    project.edit('"""The input, one up."""', '"""Reworded docs."""\n    # a new comment')
    project.edit("return a + 1", "return (\n        a + 1\n    )  # same thing")
    project.execute()
    assert project.ran() == []


def test_edit_to_a_helper_reruns_its_caller(project):
    """Changing a module-level helper reruns the function that calls it."""
    project.edit("return x * SCALE", "return x * SCALE + 1")
    project.execute()
    assert project.ran() == ["scaled", "report"]
    assert project.report() == "5 even 12"


def test_edit_to_a_constant_reruns_its_readers(project):
    """Changing a module constant a helper reads reruns the caller."""
    project.edit("SCALE = 2", "SCALE = 3")
    project.execute()
    assert project.ran() == ["scaled", "report"]
    assert project.report() == "6 even 12"


@pytest.mark.parametrize("kind", ["sequential", "processes"])
def test_same_value_after_a_change_cuts_off_consumers(project, kind):
    """A recomputed node that yields its old value leaves consumers reused, in workers too."""
    project.edit("return x * SCALE", "return SCALE * x")
    project.execute("--executor", kind)
    assert project.ran() == ["scaled"]
    assert project.record()["nodes"]["report"]["status"] == "cached"
    assert project.record()["cache"]["report"]["action"] == "reuse"


def test_changed_input_reruns_what_reads_it(project):
    """A different input value reruns the nodes that read it, directly or through upstreams."""
    project.execute("-i", "a=3")
    assert project.ran() == ["raw", "scaled", "parity", "report"]
    assert project.report() == "8 even 12"
    assert project.record()["cache"]["raw"]["reason"] == "input a changed: 1 → 3"


def test_changed_config_value_reruns_what_reads_it(project):
    """A config value is an input too: --set shift=20 reruns offset and report."""
    project.execute("--set", "shift=20")
    assert project.ran() == ["offset", "report"]
    assert project.report() == "4 even 22"
    assert project.record()["cache"]["offset"]["reason"] == "config shift changed: 10 → 20"


def test_forced_node_reruns_with_everything_downstream(project):
    """--force scaled recomputes scaled and report even though nothing changed."""
    project.execute("--force", "scaled")
    assert project.ran() == ["scaled", "report"]
    assert project.record()["cache"]["scaled"]["reason"] == "forced"


def test_corrupt_output_blob_is_recomputed(project):
    """A corrupt blob of the requested output is detected and only that node reruns."""
    project.overwrite_blob("report", b"garbage")
    project.execute()
    assert project.ran() == ["report"]
    assert project.report() == "4 even 12"


def test_missing_intermediate_blob_is_recomputed(project):
    """A missing blob of an intermediate that a rerunning node needs is recomputed."""
    project.overwrite_blob("scaled", None)
    project.edit('return f"{scaled} {parity} {offset}"', 'return f"{scaled}-{parity}-{offset}"')
    project.execute()
    assert project.ran() == ["scaled", "report"]
    assert project.report() == "4-even-12"
    assert "unreadable" in project.record()["cache"]["scaled"]["reason"]


def test_rerun_after_failure_resumes(project):
    """After a node fails, fixing it reruns only it and what depends on it."""
    project.edit('return "even" if', "raise RuntimeError('broken')\n    return \"even\" if")
    project.edit("return a + 1", "return a + 2")
    project.execute(code=1)
    assert sorted(project.ran()) == ["parity", "raw", "scaled"]
    project.edit("raise RuntimeError('broken')\n    ", "")
    project.execute()
    assert project.ran() == ["parity", "report"]
    assert project.report() == "6 odd 12"


def test_two_concurrent_runs_share_one_state_dir(project):
    """Two runs at once on one state dir both succeed with their own correct results."""
    project.edit("return a + 1", "return a + 100")
    first = project.start("-i", "a=5", "-o", "out/five")
    second = project.start("-i", "a=6", "-o", "out/six")
    assert first.wait(120) == 0, first.communicate()[1]
    assert second.wait(120) == 0, second.communicate()[1]
    first.communicate()
    second.communicate()
    assert project.report("out/five") == "210 odd 12"
    assert project.report("out/six") == "212 even 12"
    project.ran()
    project.execute("-i", "a=5", "-o", "out/five-again")
    project.execute("-i", "a=6", "-o", "out/six-again")
    assert project.ran() == []


def test_dry_run_says_why_and_runs_nothing(project):
    """--dry-run gives run or reuse with a reason per node and runs no function."""
    project.edit("return a + 1", "return a + 3")
    result = project.execute("--dry-run", "--json", "--set", "shift=11")
    steps = {step["node"]: step for step in json.loads(result.stdout)["steps"]}
    assert project.ran() == []
    assert (steps["raw"]["action"], steps["raw"]["reason"]) == ("run", "code changed")
    assert steps["scaled"]["reason"] == "upstream raw changed"
    assert steps["offset"]["reason"] == "config shift changed: 10 → 11"
    assert all(step["action"] == "run" for step in steps.values())


def test_no_cache_runs_everything_and_stores_nothing(project):
    """--no-cache neither reuses nor stores results."""
    before = project.dagrun("cache", "info", "--json")
    project.execute("--no-cache", "-i", "a=7")
    assert sorted(project.ran()) == ALL
    after = project.dagrun("cache", "info", "--json")
    assert json.loads(after.stdout)["entries"] == json.loads(before.stdout)["entries"]


def test_run_file_can_turn_the_cache_off(project):
    """``cache: {enabled: false}`` in the run file runs every node."""
    run_file = project.root / "run.yaml"
    run_file.write_text(run_file.read_text() + "cache: {enabled: false}\n")
    project.execute()
    assert sorted(project.ran()) == ALL


@pytest.mark.parametrize("kind", ["threads", "processes"])
def test_parallel_executors_rerun_exactly_the_same_functions(project, kind):
    """With threads or processes, an edit reruns the same functions as sequentially."""
    project.edit("return b + shift", "return b + shift + 2")
    project.execute("--executor", kind, "-j", "2")
    assert sorted(project.ran()) == ["offset", "report"]
    assert project.report() == "4 even 14"
    project.execute("--executor", kind, "-j", "2")
    assert project.ran() == []


def test_cache_decorator_recompute_reruns_only_that_node(project):
    """@cache(behavior="recompute") reruns parity every time; an equal value reuses report."""
    project.edit("from pathlib import Path", "from pathlib import Path\n\nfrom dagrun import cache")
    project.edit("def parity(", '@cache(behavior="recompute")\ndef parity(')
    project.execute()
    assert project.ran() == ["parity"]
    project.execute()
    assert project.ran() == ["parity"]
    assert project.record()["cache"]["parity"]["reason"] == '@cache(behavior="recompute")'
    assert project.record()["nodes"]["report"]["status"] == "cached"


def test_dry_run_prints_each_node_with_its_reason(project):
    """The human dry run lists run/reuse per node with the reason, on stderr."""
    project.edit("return b + shift", "return b - shift")
    result = project.execute("--dry-run")
    assert "2 to run" in result.stderr
    assert "run    offset  (code changed)" in result.stderr
    assert "reuse  raw  (unchanged)" in result.stderr
    assert project.ran() == []


def test_a_killed_run_keeps_what_finished_before_it(project):
    """kill -9 during a slow node: the next run reuses the nodes that had finished."""
    nap = "\n    import time\n\n    time.sleep(60)"
    project.edit('_note("offset")', '_note("offset")' + nap)
    process = project.start("-i", "a=50")
    ran = project.root / "ran.txt"
    deadline = time.monotonic() + 60
    while not (ran.exists() and "offset" in ran.read_text()):
        assert time.monotonic() < deadline and process.poll() is None
        time.sleep(0.1)
    time.sleep(1.0)  # offset is asleep; what finished before it is committed by now
    process.send_signal(signal.SIGKILL)
    process.communicate()
    assert sorted(project.ran()) == ["offset", "parity", "raw", "scaled"]
    project.edit(nap, "")
    project.execute("-i", "a=50")
    assert project.ran() == ["report"]  # offset(b=2, shift=10) was stored before, too
    assert project.report() == "102 odd 12"
