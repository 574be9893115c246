"""A full disk, a read-only folder, a node that exhausts memory: clear errors, no partial files.

As root the disk is a real 1 MiB tmpfs (and a read-only mount); otherwise the
same limits come from RLIMIT_FSIZE and a folder without write permission.
"""

from __future__ import annotations

import contextlib
import os
import resource
import subprocess
from pathlib import Path

import pytest

from tests.faults.conftest import FLOWS
from tests.faults.harness import assert_one_paragraph, dagrun, problems, temp_files

ROOT = os.geteuid() == 0


@pytest.fixture
def small_disk(tmp_path):
    """A folder on a file system with 1 MiB of space."""
    folder = tmp_path / "disk"
    folder.mkdir()
    if ROOT:
        subprocess.run(["mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", str(folder)], check=True)
    yield folder
    if ROOT:
        subprocess.run(["umount", str(folder)], check=True)


@pytest.fixture
def read_only(tmp_path):
    """An empty folder no run may write to."""
    folder = tmp_path / "ro"
    folder.mkdir()
    if ROOT:
        subprocess.run(
            ["mount", "-t", "tmpfs", "-o", "ro,size=1m", "tmpfs", str(folder)], check=True
        )
    else:
        folder.chmod(0o555)
    yield folder
    if ROOT:
        subprocess.run(["umount", str(folder)], check=True)
    else:
        folder.chmod(0o755)


def _limited(args, cwd):
    """``dagrun`` with files capped at 1 MiB when the disk itself cannot be made small."""
    if ROOT:
        return dagrun(args, cwd)

    def cap() -> None:
        resource.setrlimit(resource.RLIMIT_FSIZE, (2**20, 2**20))

    from tests.faults.harness import DAGRUN

    return subprocess.run([DAGRUN, *args], cwd=cwd, capture_output=True, text=True, preexec_fn=cap)


def test_a_full_disk_fails_the_outputs_that_do_not_fit_and_keeps_the_rest_whole(bulky, small_disk):
    """Outputs too large for the disk fail the run (exit 1) with 'No space left' and no
    traceback; what was written is whole and described by run.json; no temp file is left."""
    done = _limited(
        ["execute", str(bulky), "-q", "-i", "size_mb=2", "-o", str(small_disk)], bulky.parent
    )
    assert done.returncode == 1, done.stderr
    assert "Traceback" not in done.stderr
    assert ("No space left on device" if ROOT else "File too large") in done.stderr
    assert temp_files(small_disk) == [] and temp_files(bulky.parent / ".dagrun") == []
    assert problems(bulky.parent / ".dagrun", [small_disk]) == []
    assert not (small_disk / "block.bin").exists()


def test_a_cache_on_a_full_disk_costs_the_reuse_not_the_run(bulky, small_disk):
    """Results too large for the cache's disk are not cached, with a warning; the run succeeds."""
    env = {"DAGRUN_STATE_DIR": str(small_disk / "state")}
    done = dagrun(["execute", str(bulky), "-q", "-i", "size_mb=2"], bulky.parent, env)
    assert done.returncode == 0, done.stderr
    assert "not caching 'block'" in done.stderr and "Traceback" not in done.stderr
    assert problems(small_disk / "state", [bulky.parent / "out" / "bulky"]) == []


def test_a_history_on_a_full_disk_is_one_clear_paragraph(bulky, small_disk):
    """When not even the run record fits, the run exits 1 with one paragraph saying so."""
    if ROOT:  # fill the tmpfs to the last byte
        with contextlib.suppress(OSError), open(small_disk / "filler", "wb") as filler:
            while True:
                filler.write(b"x" * 4096)
                filler.flush()
    env = {"DAGRUN_STATE_DIR": str(small_disk / "state")}
    for flags in ([], ["--no-cache"]):
        done = dagrun(["execute", str(bulky), "-q", "-i", "size_mb=0", *flags], bulky.parent, env)
        assert done.returncode == 1, done.stderr
        assert_one_paragraph(done.stderr)
        assert "disk is full" in done.stderr or not ROOT


def test_a_read_only_output_folder_is_a_clear_error_and_nothing_is_written(bulky, read_only):
    """Writing into a read-only folder exits 1 with one paragraph naming the cause; the folder
    stays empty."""
    done = dagrun(["execute", str(bulky), "-q", "-o", str(read_only)], bulky.parent)
    assert done.returncode == 1, done.stderr
    assert_one_paragraph(done.stderr)
    assert ("read-only file system" if ROOT else "not writable") in done.stderr
    assert list(read_only.iterdir()) == []


def test_a_missing_output_folder_under_a_read_only_one_is_a_clear_error(bulky, read_only):
    """An output folder that cannot be created is one paragraph and exit 1, not a traceback."""
    done = dagrun(["execute", str(bulky), "-q", "-o", str(read_only / "new")], bulky.parent)
    assert done.returncode == 1, done.stderr
    assert_one_paragraph(done.stderr)
    assert f"(where {read_only / 'new'} would be made)" in done.stderr


def _hog_run(tmp_path: Path, *select: str):
    args = ["execute", "-m", str(FLOWS / "hog.py"), "-i", "n=1", "--executor", "processes"]
    args += ["-j", "2", "--no-cache", "-q", "--json", "-o", str(tmp_path / "out")]
    for name in select:
        args += ["-s", name]
    return dagrun(args, tmp_path)


def test_a_node_that_exhausts_memory_in_a_worker_is_that_nodes_failure(tmp_path):
    """A node past its worker's memory limit fails with MemoryError; its siblings finish."""
    import json

    done = _hog_run(tmp_path, "hog", "after_steady")
    assert done.returncode == 1, done.stderr
    nodes = json.loads(done.stdout)["nodes"]
    assert nodes["hog"]["status"] == "failed"
    assert "MemoryError" in nodes["hog"]["error"]["message"]
    assert nodes["after_steady"]["status"] == "done"
    assert "Traceback" not in done.stderr


def test_a_node_whose_worker_is_killed_is_blamed_alone(tmp_path):
    """When a worker dies (as under the out-of-memory killer) only its node fails; the node
    that shared the broken pool is rerun and succeeds."""
    import json

    done = _hog_run(tmp_path, "vanish", "after_steady")
    assert done.returncode == 1, done.stderr
    nodes = json.loads(done.stdout)["nodes"]
    assert nodes["vanish"]["status"] == "failed"
    assert "died" in nodes["vanish"]["error"]["hint"]
    assert nodes["steady"]["status"] == "done" and nodes["after_steady"]["status"] == "done"
    assert "Traceback" not in done.stderr
