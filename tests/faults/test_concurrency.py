"""Several `dagrun execute` at once on one state dir: all succeed, and no folder mixes two runs."""

from __future__ import annotations

import json
import threading
import time

from tests.faults.harness import (
    assert_one_paragraph,
    dagrun,
    dagrun_process,
    history_rows,
    problems,
)

SIZES = (1, 2, 3, 1, 2, 3)


def _start(bulky, size, *more):
    args = ["execute", str(bulky), "-q", "-i", f"size_mb={size}", "-i", "pause_s=0.05", *more]
    return dagrun_process(args, bulky.parent)


def _summary(out_dir):
    return json.loads((out_dir / "summary.json").read_text())


def _expected(size):
    return {"block": size * 2**20, "text": size * 70_000 * 15, "numbers": size * 120_000}


def test_concurrent_runs_on_one_state_dir_and_cache_all_succeed(bulky):
    """Six runs started together (pairs sharing cache keys) all exit 0 with correct results,
    six history rows and a consistent cache."""
    out = bulky.parent / "outs"
    processes = [_start(bulky, size, "-o", str(out / str(i))) for i, size in enumerate(SIZES)]
    for process in processes:
        _, stderr = process.communicate(timeout=180)
        assert process.returncode == 0, stderr
    for i, size in enumerate(SIZES):
        assert _summary(out / str(i)) == _expected(size)
    rows = history_rows(bulky.parent / ".dagrun")
    assert [status for _, status in rows] == ["success"] * len(SIZES)
    assert problems(bulky.parent / ".dagrun", [out / str(i) for i in range(len(SIZES))]) == []


def test_runs_writing_one_output_folder_do_not_interleave(bulky):
    """Six runs with different inputs writing the same folder all succeed; the folder ends up
    holding one run's files, all of them, exactly as its run.json describes."""
    processes = [_start(bulky, size) for size in SIZES]
    for process in processes:
        _, stderr = process.communicate(timeout=180)
        assert process.returncode == 0, stderr
    out_dir = bulky.parent / "out" / "bulky"
    summary = _summary(out_dir)
    size = summary["block"] // 2**20
    assert summary == _expected(size)
    assert (out_dir / "block.bin").stat().st_size == summary["block"]
    assert len((out_dir / "text.txt").read_text()) == summary["text"]
    assert len(json.loads((out_dir / "numbers.json").read_text())) == summary["numbers"]
    assert problems(bulky.parent / ".dagrun", [out_dir]) == []


def test_a_held_output_folder_lock_times_out_with_a_clear_message(bulky):
    """While another run holds the output folder, a run with a 1 s lock timeout exits 1 with
    one paragraph naming the lock, and writes nothing there."""
    from dagrun.io.lock import folder_lock

    out_dir = bulky.parent / "out" / "bulky"
    with folder_lock(out_dir):
        done = dagrun(["execute", str(bulky), "-q"], bulky.parent, {"DAGRUN_LOCK_TIMEOUT": "1"})
    assert done.returncode == 1
    assert_one_paragraph(done.stderr)
    assert "is locked by another dagrun run" in done.stderr
    assert list(out_dir.iterdir()) == []


def test_a_run_waits_for_the_lock_and_says_so(bulky):
    """A run that finds the output folder locked prints that it is waiting, then finishes
    once the holder lets go."""
    from dagrun.io.lock import folder_lock

    out_dir = bulky.parent / "out" / "bulky"
    release = threading.Event()

    def hold() -> None:
        with folder_lock(out_dir):
            release.wait(30)

    holder = threading.Thread(target=hold)
    holder.start()
    time.sleep(0.2)
    process = dagrun_process(["execute", str(bulky), "-i", "size_mb=1"], bulky.parent)
    seen = []
    for line in process.stderr:  # the run is blocked until the notice shows and we let go
        seen.append(line)
        if line.startswith("waiting:"):
            break
    assert not (out_dir / "run.json").exists()
    release.set()
    holder.join()
    _, stderr = process.communicate(timeout=120)
    assert process.returncode == 0, stderr
    assert seen[-1] == f"waiting: another dagrun run is writing to {out_dir}\n"
    assert (out_dir / "run.json").exists()
