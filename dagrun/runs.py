"""Run records: ``OUT_DIR/run.json`` and the run history in the state dir.

A ``RunRecorder`` listens to executor events and keeps each node's status and
timing; ``finish_record`` turns that into the record (SPEC §3), which is written
atomically beside the outputs and stored in SQLite (WAL, busy timeout) under the
state dir so ``dagrun runs`` and ``dagrun show`` find it again, even while
other runs write.
"""

from __future__ import annotations

import contextlib
import datetime
import json
import os
import secrets
import sqlite3
import threading
import time
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from dagrun.errors import DagrunError, InputError, ResourceError, did_you_mean
from dagrun.executors.events import CACHED, DONE, FAILED, SKIPPED, Event
from dagrun.hooks import Hook
from dagrun.io import storage
from dagrun.io.sqlite import use_wal
from dagrun.io.storage import Location
from dagrun.modifiers.checks import CheckResult

if TYPE_CHECKING:
    from dagrun.node import Node

STATE_DIR_ENV = "DAGRUN_STATE_DIR"
EXIT_CODES = {"success": 0, "failed": 1, "interrupted": 130}
HISTORY_DB = "history.sqlite"
NOT_RUN = "not_run"


RECORD_NAME = "run.json"
"""The record's file name in the output folder."""


def state_dir(run_file: Path | None, create: bool = True) -> Path:
    """The state dir: ``$DAGRUN_STATE_DIR``, else ``.dagrun/`` beside the run file or in cwd.

    It is created (mode 0o700: records may hold inputs) when missing, unless the
    caller only looks (``create=False``).
    """
    override = os.environ.get(STATE_DIR_ENV)
    if override:
        folder = Path(override)
    elif run_file is not None:
        folder = run_file.resolve().parent / ".dagrun"
    else:
        folder = Path.cwd() / ".dagrun"
    if create:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    return folder


def staging_dir(state: Path) -> Path:
    """Where files are written before being renamed into place: ``<state>/staging``."""
    folder = state / "staging"
    state.mkdir(mode=0o700, parents=True, exist_ok=True)
    folder.mkdir(mode=0o700, exist_ok=True)
    return folder


def new_run_id() -> str:
    """A sortable, unique run id: UTC time to the second plus six hex digits."""
    return f"{datetime.datetime.now(datetime.timezone.utc):%Y%m%d-%H%M%S}-{secrets.token_hex(3)}"


def utc_now() -> str:
    return datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="milliseconds")


class RunRecorder(Hook):
    """A hook that keeps every node's status, duration and error as events arrive.

    A node inside a parallel block ends once per item: its entry adds up the
    items (``items``: count by status, durations summed) and takes the worst
    status, failed before skipped before cached before done. A node that
    started and never ended (Ctrl-C) stays ``not_run``. Executors may call this
    from worker threads, so entries change under a lock.
    """

    def __init__(self, planned: Iterable[str]) -> None:
        self.nodes: dict[str, dict[str, Any]] = {
            name: {"status": NOT_RUN, "duration_s": 0.0} for name in planned
        }
        self.errors: dict[str, DagrunError] = {}
        self._lock = threading.Lock()

    def after_node(self, event: Event, node: Node | None = None) -> None:
        with self._lock:
            if event.item is None:
                self.nodes[event.node] = _entry(event)
            else:
                self.nodes[event.node] = _merge_item(self.nodes.get(event.node), event)
            if event.kind == FAILED and event.error is not None:
                self.errors.setdefault(event.node, event.error)

    def count(self, status: str) -> int:
        return sum(1 for entry in self.nodes.values() if entry["status"] == status)


_WORST_FIRST = (FAILED, SKIPPED, CACHED, DONE)


def _entry(event: Event) -> dict[str, Any]:
    entry: dict[str, Any] = {"status": event.kind, "duration_s": round(event.duration_s, 6)}
    if event.kind == FAILED and event.error is not None:
        entry["error"] = error_dict(event.error)
    elif isinstance(event.value, CheckResult):  # a check_output node, passed or not
        entry["check"] = event.value.to_dict()
    if event.attempts > 1:  # retried: how often, and how long it waited between attempts
        entry["attempts"] = event.attempts
        entry["waited_s"] = round(event.waited_s, 6)
    return entry


def _merge_item(entry: dict[str, Any] | None, event: Event) -> dict[str, Any]:
    """``entry`` (a block node's items so far) with one more item's end folded in."""
    if entry is None or "items" not in entry:
        entry = {"status": event.kind, "duration_s": 0.0, "items": {}}
    items = entry["items"]
    items[event.kind] = items.get(event.kind, 0) + 1
    entry["duration_s"] = round(entry["duration_s"] + event.duration_s, 6)
    entry["status"] = next(kind for kind in _WORST_FIRST if kind in items)
    if event.attempts > 1:  # calls beyond one per item, summed with their waits
        entry["retries"] = entry.get("retries", 0) + event.attempts - 1
        entry["waited_s"] = round(entry.get("waited_s", 0.0) + event.waited_s, 6)
    if event.kind == FAILED and event.error is not None and "error" not in entry:
        entry["error"] = {**error_dict(event.error), "item": event.item}
    return entry


def error_dict(error: DagrunError) -> dict[str, Any]:
    """A node error as record data: the dagrun error and the exception underneath."""
    data = error.to_dict()
    cause = error.__cause__
    if cause is not None:
        data["exception"] = f"{type(cause).__name__}: {cause}"
    where = raised_at(error)
    if where is not None:
        data["raised_at"] = where
    return data


def raised_at(error: DagrunError) -> str | None:
    """``file:line`` of the line in the node's own file that raised, when the traceback has it.

    ``origin`` is where the node is defined; this is where it failed. A cause
    that crossed from a worker process has lost its traceback: None then.
    """
    file = getattr(error.origin, "file", None)
    cause = error.__cause__
    if cause is None or not file:
        return None
    import traceback

    frames = [step for step in traceback.extract_tb(cause.__traceback__) if step.filename == file]
    return f"{file}:{frames[-1].lineno}" if frames else None


def finish_record(
    *,
    run_id: str,
    status: str,
    started_at: str,
    started: float,
    run_file: Path | None,
    out_dir: Location | None,
    recorder: RunRecorder,
    outputs: Mapping[str, dict[str, Any]],
    extra: Mapping[str, Any] | None = None,
) -> dict[str, Any]:
    """The run record (SPEC §3) as a plain dict, ready for JSON."""
    from dagrun import __version__

    return {
        "run_id": run_id,
        "status": status,
        "started_at": started_at,
        "finished_at": utc_now(),
        "duration_s": round(time.perf_counter() - started, 6),
        "dagrun_version": __version__,
        "run_file": str(run_file.resolve()) if run_file else None,
        "out_dir": str(out_dir) if out_dir is not None else None,
        "outputs": dict(outputs),
        "nodes": dict(recorder.nodes),
        "counts": {s: recorder.count(s) for s in (DONE, CACHED, FAILED, SKIPPED, NOT_RUN)},
        **(extra or {}),
    }


@dataclass(frozen=True, slots=True)
class RunResult:
    """What a finished (or interrupted) run left: its outputs, record and errors.

    ``values`` holds the requested outputs that were computed; ``record_path``
    is ``run.json`` when the run wrote files, else None.
    """

    values: Mapping[str, Any]
    record: Mapping[str, Any]
    errors: Mapping[str, DagrunError] = field(default_factory=dict)
    record_path: Location | None = None

    @property
    def status(self) -> str:
        return str(self.record["status"])

    @property
    def ok(self) -> bool:
        return self.status == "success"

    @property
    def exit_code(self) -> int:
        return EXIT_CODES[self.status]

    def __getitem__(self, name: str) -> Any:
        return self.values[name]


def retract_record(out_dir: Location) -> None:
    """Remove ``OUT_DIR/run.json`` before outputs are replaced.

    A run killed while writing then leaves no record that describes files it did
    not write; the history keeps every finished run's record.
    """
    with contextlib.suppress(OSError):  # a read-only folder: the writes that follow say so
        storage.remove(storage.join(out_dir, RECORD_NAME))


def save_record(record: Mapping[str, Any], out_dir: Location, state: Path) -> Location:
    """Write ``OUT_DIR/run.json`` atomically and add the record to the history.

    Returns:
        The path of ``run.json``.
    """
    path = storage.join(out_dir, RECORD_NAME)
    text = json.dumps(record, indent=2, default=str).encode("utf-8") + b"\n"
    storage.write(path, lambda handle: handle.write(text), staging_dir(state))
    with _connect(state) as db:
        db.execute(
            "INSERT OR REPLACE INTO runs VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                record["run_id"],
                record["started_at"],
                record["status"],
                record["run_file"],
                record["duration_s"],
                record["counts"][DONE] + record["counts"][CACHED],
                record["counts"][FAILED],
                str(path),
                json.dumps(record, default=str),
            ),
        )
    return path


def keep_record(record: Mapping[str, Any], out_dir: Location, state: Path) -> Location:
    """``save_record``, with a disk that refuses as a ``ResourceError`` rather than a traceback."""
    try:
        return save_record(record, out_dir, state)
    except (OSError, sqlite3.Error) as error:
        raise ResourceError(
            f"cannot save the run record of run {record['run_id']} "
            f"(status {record['status']}): {getattr(error, 'strerror', None) or error}"
            + (f": {error.filename}" if getattr(error, "filename", None) else ""),
            hint="free some space or make the output folder and the state dir writable",
        ) from error


def history(state: Path, limit: int = 20) -> list[dict[str, Any]]:
    """The latest runs, newest first, as summary rows."""
    with _connect(state) as db:
        rows = db.execute(
            "SELECT run_id, started_at, status, run_file, duration_s, done, failed, record_path "
            "FROM runs ORDER BY started_at DESC, run_id DESC LIMIT ?",
            (limit,),
        ).fetchall()
    keys = (
        "run_id",
        "started_at",
        "status",
        "run_file",
        "duration_s",
        "done",
        "failed",
        "record_path",
    )
    return [dict(zip(keys, row, strict=True)) for row in rows]


def load_record(state_dir: Path, run_id: str) -> dict[str, Any]:
    """The stored run record for ``run_id`` (``"latest"`` or a unique prefix works).

    Raises:
        InputError: no run has that id, or the history is empty.
    """
    with _connect(state_dir) as db:
        if run_id == "latest":
            rows = db.execute(
                "SELECT record FROM runs ORDER BY started_at DESC, run_id DESC LIMIT 1"
            ).fetchall()
        else:
            rows = db.execute(
                "SELECT record FROM runs WHERE substr(run_id, 1, ?) = ? LIMIT 2",
                (len(run_id), run_id),
            ).fetchall()
        if len(rows) == 1:
            return json.loads(rows[0][0])
        ids = [row[0] for row in db.execute("SELECT run_id FROM runs")]
    raise _unknown_run(run_id, ids, len(rows), state_dir)


def _unknown_run(run_id: str, ids: list[str], matches: int, state: Path) -> InputError:
    if not ids:
        return InputError(
            f"no runs are recorded in {state}",
            hint="run `dagrun execute` first, or point DAGRUN_STATE_DIR at the state dir "
            "(it is .dagrun/ beside the run file)",
        )
    if matches > 1:
        return InputError(f"run id '{run_id}' is ambiguous", hint="give more of the id")
    return InputError(
        f"no run '{run_id}' in {state}",
        hint=did_you_mean(run_id, ids) or "see `dagrun runs` for the recorded ids, or use 'latest'",
    )


_SCHEMA = """
CREATE TABLE IF NOT EXISTS runs (
    run_id TEXT PRIMARY KEY,
    started_at TEXT NOT NULL,
    status TEXT NOT NULL,
    run_file TEXT,
    duration_s REAL,
    done INTEGER,
    failed INTEGER,
    record_path TEXT,
    record TEXT NOT NULL
)
"""


@contextmanager
def _connect(state: Path) -> Iterator[sqlite3.Connection]:
    """An open history database, committed and closed on exit."""
    state.mkdir(mode=0o700, parents=True, exist_ok=True)
    db = sqlite3.connect(state / HISTORY_DB, timeout=30)
    try:
        db.execute("PRAGMA busy_timeout = 30000")
        use_wal(db, patience_s=30.0)
        with db:
            db.execute(_SCHEMA)
            yield db
    finally:
        db.close()
