"""Shared by the fault suite and ``scripts/soak.py``: run dagrun for real, check what survived.

``dagrun_process`` starts the real console script in its own process;
``problems`` inspects a state dir and output folders the way a suspicious user
would (temporary files, records against files on disk, SQLite integrity, every
cache blob against its digest) and returns what it found wrong, so a test can
assert the list is empty and the soak can count it.
"""

from __future__ import annotations

import hashlib
import json
import os
import pickle
import sqlite3
import subprocess
import sys
from collections.abc import Iterable, Sequence
from pathlib import Path

DAGRUN = str(Path(sys.executable).with_name("dagrun"))
STATUSES = {"success", "failed", "interrupted"}


def dagrun_process(
    args: Sequence[str], cwd: Path, env: dict[str, str] | None = None, **popen: object
) -> subprocess.Popen[str]:
    """Start ``dagrun ARGS`` in ``cwd`` with pipes for its output."""
    environment = {**os.environ, "NO_COLOR": "1", **(env or {})}
    return subprocess.Popen(  # type: ignore[call-overload]
        [DAGRUN, *args],
        cwd=cwd,
        env=environment,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        **popen,
    )


def dagrun(
    args: Sequence[str], cwd: Path, env: dict[str, str] | None = None, timeout: float = 120
) -> subprocess.CompletedProcess[str]:
    """Run ``dagrun ARGS`` to the end."""
    process = dagrun_process(args, cwd, env)
    out, err = process.communicate(timeout=timeout)
    return subprocess.CompletedProcess(process.args, process.returncode, out, err)


def assert_one_paragraph(stderr: str) -> None:
    """A failure reads as one short paragraph: an ``error:`` line and its indented details."""
    assert "Traceback" not in stderr, stderr
    errors = [line for line in stderr.splitlines() if line.startswith("error:")]
    assert len(errors) == 1, stderr
    block = stderr[stderr.index("error:") :].rstrip("\n").split("\n")
    details = block[1:]
    for line in details:
        if not line.startswith("  "):  # the final status line may follow the paragraph
            assert line.startswith(("failed:", "interrupted:")), stderr
    assert len(block) <= 12, stderr


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def temp_files(folder: Path) -> list[Path]:
    """Temporary files (``.name.PID.xxxx.part``) anywhere below ``folder``."""
    return sorted(p for p in folder.rglob(".*.part")) if folder.exists() else []


def out_dir_problems(out_dir: Path) -> list[str]:
    """Temporary files in the output folder, or a run.json that does not describe its files."""
    found = [f"temporary file left in the output folder: {p}" for p in temp_files(out_dir)]
    record_path = out_dir / "run.json"
    if not record_path.exists():
        return found
    try:
        record = json.loads(record_path.read_text())
    except ValueError as error:
        return [*found, f"{record_path} is not JSON: {error}"]
    if record.get("status") not in STATUSES:
        found.append(f"{record_path}: unknown status {record.get('status')!r}")
    for node, written in record.get("outputs", {}).items():
        path = written.get("path")
        if path is None:
            continue
        file = Path(path)
        if not file.exists():
            found.append(f"{record_path}: output {node} at {file} is missing")
        elif file.stat().st_size != written["bytes"] or sha256(file) != written["sha256"]:
            found.append(f"{record_path}: output {node} at {file} differs from its record")
    return found


def history_problems(state: Path) -> list[str]:
    """SQLite damage in the run history, or a stored record that does not parse."""
    path = state / "history.sqlite"
    if not path.exists():
        return []
    with _readonly(path) as db:
        found = _integrity(db, path)
        for run_id, status, text in db.execute("SELECT run_id, status, record FROM runs"):
            record = json.loads(text)
            if record["run_id"] != run_id or status not in STATUSES:
                found.append(f"history row {run_id} is inconsistent ({status})")
    return found


def cache_problems(state: Path) -> list[str]:
    """SQLite damage in the cache index, or an entry whose blob (file or inline) is bad."""
    index = state / "cache" / "index.sqlite"
    if not index.exists():
        return []
    with _readonly(index) as db:
        found = _integrity(db, index)
        rows = db.execute("SELECT key, node, blob FROM entries").fetchall()
        inline = dict(db.execute("SELECT blob, data FROM inline").fetchall())
    for key, node, blob in rows:
        path = state / "cache" / "blobs" / blob[:2] / blob
        data = path.read_bytes() if path.exists() else inline.get(blob)
        if data is None:
            found.append(f"cache entry {key[:12]} of {node}: blob missing")
            continue
        if hashlib.blake2b(data, digest_size=len(blob) // 2).hexdigest() != blob:
            found.append(f"cache entry {key[:12]} of {node}: blob corrupt")
            continue
        pickle.loads(data)  # written by our own runs in our own state dir
    return found


def problems(state: Path, out_dirs: Iterable[Path]) -> list[str]:
    """Everything wrong with a state dir and the output folders that share it."""
    found = history_problems(state) + cache_problems(state)
    for out_dir in out_dirs:
        found += out_dir_problems(out_dir)
    return found


def history_rows(state: Path) -> list[tuple[str, str]]:
    """(run_id, status) of every recorded run."""
    with _readonly(state / "history.sqlite") as db:
        return db.execute("SELECT run_id, status FROM runs ORDER BY started_at").fetchall()


def cached_nodes(state: Path) -> set[str]:
    """Nodes that have at least one entry in the cache index."""
    index = state / "cache" / "index.sqlite"
    if not index.exists():
        return set()
    with _readonly(index) as db:
        return {row[0] for row in db.execute("SELECT DISTINCT node FROM entries")}


class _readonly:
    """A SQLite connection for inspection, closed on exit (WAL readers need no lock)."""

    def __init__(self, path: Path) -> None:
        self.db = sqlite3.connect(path, timeout=60)

    def __enter__(self) -> sqlite3.Connection:
        return self.db

    def __exit__(self, *exc: object) -> None:
        self.db.close()


def _integrity(db: sqlite3.Connection, path: Path) -> list[str]:
    result = db.execute("PRAGMA integrity_check").fetchone()[0]
    return [] if result == "ok" else [f"{path}: integrity check says {result}"]
