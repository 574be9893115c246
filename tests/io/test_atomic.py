"""Atomic writes: readers see the old file or the whole new one, never a part."""

from __future__ import annotations

import os

import pytest

from dagrun.io import atomic_write


def test_a_failed_write_keeps_the_old_file_and_leaves_no_temporary(tmp_path):
    """An exception midway leaves the previous content and no .part file."""
    path = tmp_path / "result.txt"
    path.write_text("old")

    def half_then_fail(handle):
        handle.write(b"new and incomp")
        raise RuntimeError("disk on fire")

    with pytest.raises(RuntimeError):
        atomic_write(path, half_then_fail)
    assert path.read_text() == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["result.txt"]


def test_keyboard_interrupt_also_cleans_up(tmp_path):
    """Ctrl-C during a write removes the temporary file too."""

    def interrupted(handle):
        handle.write(b"x")
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        atomic_write(tmp_path / "r.bin", interrupted)
    assert list(tmp_path.iterdir()) == []


def test_the_temporary_file_sits_beside_the_target(tmp_path):
    """While writing, the only file is a hidden .part in the destination folder."""
    seen = []
    target = tmp_path / "deep" / "r.bin"

    def look(handle):
        seen.extend(p.name for p in target.parent.iterdir())
        handle.write(b"data")

    size, _ = atomic_write(target, look)
    assert len(seen) == 1 and seen[0].startswith(".r.bin.") and seen[0].endswith(".part")
    assert size == 4 and target.read_bytes() == b"data"


def test_written_files_get_ordinary_permissions(tmp_path):
    """The final file follows the umask, not the 0600 of a temporary file."""
    atomic_write(tmp_path / "r.txt", lambda handle: handle.write(b"x"))
    mask = os.umask(0)
    os.umask(mask)
    assert (tmp_path / "r.txt").stat().st_mode & 0o777 == 0o666 & ~mask


def test_a_staging_folder_on_the_same_disk_holds_the_temporary_file(tmp_path):
    """With a staging folder the temporary file is written there, never beside the output."""
    staging, out = tmp_path / "staging", tmp_path / "out"
    staging.mkdir()
    seen = []

    def write(handle):
        seen.extend(p.parent for p in tmp_path.rglob("*.part"))
        handle.write(b"data")

    atomic_write(out / "result.bin", write, staging)
    assert seen == [staging]
    assert (out / "result.bin").read_bytes() == b"data"
    assert list(staging.iterdir()) == []


def test_sweep_removes_temporaries_of_dead_writers_only(tmp_path):
    """A temporary file whose writer pid is gone is swept; one of a live writer stays."""
    import subprocess
    import sys

    from dagrun.io.atomic import sweep

    dead = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True
    )
    orphan = tmp_path / f".result.bin.{int(dead.stdout)}.abcd1234.part"
    live = tmp_path / f".result.bin.{os.getpid()}.efgh5678.part"
    orphan.write_bytes(b"half")
    live.write_bytes(b"half")
    assert sweep(tmp_path) == 1
    assert not orphan.exists() and live.exists()
