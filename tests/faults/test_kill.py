"""SIGKILL at any moment: outputs whole or absent, state consistent, the next run reuses work."""

from __future__ import annotations

import json
import random
import signal
import time
from pathlib import Path

from tests.faults.harness import (
    cached_nodes,
    dagrun,
    dagrun_process,
    problems,
    sha256,
    temp_files,
)

OUTPUTS = ("block.bin", "text.txt", "numbers.json", "summary.json")


def _reference(bulky: Path, tmp_path: Path) -> tuple[dict[str, str], float]:
    """The files an uninterrupted run writes (by sha256) and how long it takes."""
    started = time.monotonic()
    done = dagrun(
        ["execute", str(bulky), "-q", "--no-cache", "-o", str(tmp_path / "ref")], bulky.parent
    )
    assert done.returncode == 0, done.stderr
    return {name: sha256(tmp_path / "ref" / name) for name in OUTPUTS}, time.monotonic() - started


def _assert_survivors_whole(out_dir: Path, reference: dict[str, str]) -> None:
    for name in OUTPUTS:
        path = out_dir / name
        if path.exists():
            assert sha256(path) == reference[name], f"{name} is not the whole file"


def test_sigkill_at_random_moments_leaves_whole_files_and_a_reusable_cache(bulky, tmp_path):
    """Eight runs killed at stratified random moments leave no partial output, no temp file in
    the output folder, no corrupt cache entry or history row; the next run reuses every
    node that had completed and writes the same files."""
    reference, duration = _reference(bulky, tmp_path)
    state, out_dir = bulky.parent / ".dagrun", bulky.parent / "out" / "bulky"
    rng = random.Random(9)
    kills = 8
    for number in range(kills):
        process = dagrun_process(["execute", str(bulky), "-q"], bulky.parent)
        time.sleep(rng.uniform(number / kills, (number + 1) / kills) * duration)
        process.send_signal(signal.SIGKILL)
        process.communicate()
        assert problems(state, [out_dir]) == []
        _assert_survivors_whole(out_dir, reference)
        if process.returncode == 0:  # the run finished first: start afresh
            dagrun(["cache", "clear"], bulky.parent)
    if not cached_nodes(state):  # a loaded machine ran slower than the reference: kill once more
        process = dagrun_process(["execute", str(bulky), "-q"], bulky.parent)
        deadline = time.monotonic() + 60
        while not cached_nodes(state) and time.monotonic() < deadline:
            time.sleep(0.02)
        process.send_signal(signal.SIGKILL)
        process.communicate()
        assert problems(state, [out_dir]) == []
    completed = cached_nodes(state)
    if not completed:  # a loaded machine: every kill landed before a node finished
        completed = _kill_after_first_node(bulky, state)
    assert completed, "no kill landed after a node had completed"
    final = dagrun(["execute", str(bulky), "-q", "--json"], bulky.parent)
    assert final.returncode == 0, final.stderr
    record = json.loads(final.stdout)
    assert record["status"] == "success"
    assert {n for n, e in record["nodes"].items() if e["status"] == "cached"} >= completed
    assert {name: sha256(out_dir / name) for name in OUTPUTS} == reference
    assert problems(state, [out_dir]) == []
    assert temp_files(state / "staging") == []


def _kill_after_first_node(bulky: Path, state: Path) -> set[str]:
    """Run once more and SIGKILL it as soon as one node is stored; the nodes stored then."""
    process = dagrun_process(["execute", str(bulky), "-q"], bulky.parent)
    deadline = time.monotonic() + 60
    while not cached_nodes(state) and process.poll() is None and time.monotonic() < deadline:
        time.sleep(0.02)
    process.send_signal(signal.SIGKILL)
    process.communicate()
    return cached_nodes(state)


def test_sigkill_while_an_output_is_being_written_leaves_the_old_file(bulky, tmp_path):
    """A run killed the moment a temporary file appears keeps the previous outputs intact; the
    temporary file is in the state dir, never the output folder, until the next run sweeps it."""
    reference, _ = _reference(bulky, tmp_path)
    first = dagrun(["execute", str(bulky), "-q", "--no-cache"], bulky.parent)
    assert first.returncode == 0, first.stderr
    staging, out_dir = bulky.parent / ".dagrun" / "staging", bulky.parent / "out" / "bulky"
    process = dagrun_process(["execute", str(bulky), "-q", "--no-cache"], bulky.parent)
    deadline = time.monotonic() + 60
    while not temp_files(staging) and time.monotonic() < deadline:
        time.sleep(0.001)
    process.send_signal(signal.SIGKILL)
    process.communicate()
    assert temp_files(staging), "the kill did not land during a write"
    assert temp_files(out_dir) == []
    _assert_survivors_whole(out_dir, reference)
    again = dagrun(["execute", str(bulky), "-q", "--no-cache"], bulky.parent)
    assert again.returncode == 0, again.stderr
    assert temp_files(staging) == []
    assert problems(bulky.parent / ".dagrun", [out_dir]) == []
