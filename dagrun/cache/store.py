"""The cache store: result blobs on disk, an index of entries in SQLite.

Layout under the state dir (created ``0o700``: blobs are pickles, and loading a
pickle runs code, so nobody else may write there)::

    .dagrun/cache/index.sqlite      entries: key -> node, code, value fingerprint, blob
    .dagrun/cache/blobs/ab/ab12...  one pickle per distinct result, named by its digest

A blob is written to a temporary file and renamed into place, and its index row
is committed only after that, so a killed run leaves no entry pointing at half a
blob. Blob names are the digest of their bytes: a load checks the digest, and a
corrupt or missing blob is reported as ``BlobError`` (the caller recomputes).
SQLite runs in WAL mode with a busy timeout, so two runs can share a state dir.
"""

from __future__ import annotations

import json
import logging
import os
import pickle
import sqlite3
import threading
import time
from collections.abc import Iterable, Iterator, Mapping, MutableMapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from dagrun.cache.fingerprint import dumps, new_hasher
from dagrun.errors import InputError

log = logging.getLogger("dagrun.cache")

_SCHEMA = """
CREATE TABLE IF NOT EXISTS entries (
    key TEXT PRIMARY KEY, node TEXT NOT NULL, code TEXT NOT NULL, value_fp TEXT NOT NULL,
    blob TEXT NOT NULL, size INTEGER NOT NULL, inputs TEXT NOT NULL,
    created REAL NOT NULL, used REAL NOT NULL, run_id TEXT
);
CREATE INDEX IF NOT EXISTS entries_node ON entries (node, created);
CREATE TABLE IF NOT EXISTS sources (digest TEXT PRIMARY KEY, summary TEXT NOT NULL, used REAL);
"""
_COLUMNS = "key, node, code, value_fp, blob, size, inputs, created, used"
_HEX = frozenset("0123456789abcdef")


class BlobError(Exception):
    """A stored result cannot be read back: missing, truncated or tampered with."""


@dataclass(frozen=True, slots=True)
class Entry:
    """One stored result: what made it (code, inputs) and where its value is."""

    key: str
    node: str
    code: str
    value_fp: str
    blob: str
    size: int
    inputs: Mapping[str, Any] = field(default_factory=dict)  # param -> [fingerprint, preview]
    created: float = 0.0
    used: float = 0.0


@dataclass(frozen=True, slots=True)
class NodeUsage:
    """``dagrun cache info`` for one node: entries, bytes, last use."""

    node: str
    entries: int
    size: int
    used: float


def secure_dir(path: Path) -> Path:
    """Create ``path`` (and parents) readable and writable by the owner only.

    An empty folder others could write to is tightened; one that already holds
    files is refused, since anyone could have put pickles there.

    Raises:
        InputError: ``path`` belongs to another user, or others could write to it
            and it is not empty.
    """
    path.mkdir(mode=0o700, parents=True, exist_ok=True)
    info = path.stat()
    foreign = info.st_uid != os.geteuid()
    if foreign or (info.st_mode & 0o022 and any(path.iterdir())):
        why = "it belongs to another user" if foreign else "others could write to it"
        raise InputError(
            f"refusing to use the cache in {path}: {why} (mode {info.st_mode & 0o777:o})",
            hint="cached results are pickles and loading one runs code: use a state dir only "
            "you can write (check it, then chmod 700; or set DAGRUN_STATE_DIR), "
            "or run with --no-cache",
        )
    if info.st_mode & 0o077:
        os.chmod(path, 0o700)
    return path


class Store:
    """Blobs and index of one state dir; safe across threads and processes.

    Args:
        state_dir: the project's state dir (``.dagrun``); the cache lives in ``cache/``.
    """

    def __init__(self, state_dir: Path) -> None:
        self.state_dir = Path(state_dir)
        self.root = self.state_dir / "cache"
        self.blobs = self.root / "blobs"
        self._lock = threading.Lock()
        self._db: sqlite3.Connection | None = None
        self._pid = -1

    def __reduce__(self) -> tuple[Any, ...]:
        # Connections do not travel to workers; each process opens its own.
        return (Store, (self.state_dir,))

    # ---- index ---------------------------------------------------------------

    @property
    def db(self) -> sqlite3.Connection:
        if self._db is None or self._pid != os.getpid():
            secure_dir(self.state_dir)
            secure_dir(self.root)
            secure_dir(self.blobs)
            db = sqlite3.connect(
                self.root / "index.sqlite",
                timeout=60,
                isolation_level=None,
                check_same_thread=False,
            )
            db.execute("PRAGMA busy_timeout = 60000")
            db.execute("PRAGMA journal_mode = WAL")
            db.execute("PRAGMA synchronous = NORMAL")
            db.executescript(_SCHEMA)
            self._db, self._pid = db, os.getpid()
        return self._db

    def _query(self, sql: str, args: Iterable[Any] = ()) -> list[tuple[Any, ...]]:
        with self._lock:
            return self.db.execute(sql, tuple(args)).fetchall()

    def get(self, key: str) -> Entry | None:
        """The entry stored under ``key``, if any."""
        rows = self._query(f"SELECT {_COLUMNS} FROM entries WHERE key = ?", (key,))
        return _entry(rows[0]) if rows else None

    def latest(self, node: str) -> Entry | None:
        """The most recently stored entry for ``node``: what a miss is compared with."""
        rows = self._query(
            f"SELECT {_COLUMNS} FROM entries WHERE node = ? ORDER BY created DESC LIMIT 1",
            (node,),
        )
        return _entry(rows[0]) if rows else None

    def touch(self, keys: Iterable[str]) -> None:
        """Mark entries as used now (``cache clear --older-than`` goes by last use)."""
        now = time.time()
        with self._lock:
            self.db.executemany(
                "UPDATE entries SET used = ? WHERE key = ?", [(now, key) for key in keys]
            )

    # ---- blobs ---------------------------------------------------------------

    def put(
        self,
        key: str,
        node: str,
        code: str,
        value: Any,
        value_fp: str,
        inputs: Mapping[str, Any],
        run_id: str | None = None,
    ) -> Entry | None:
        """Store ``value`` under ``key``; None (and a log line) when it cannot be pickled."""
        try:
            data = dumps(value)
        except Exception as error:  # any pickling failure means "not cacheable"
            log.warning("not caching '%s': its value cannot be pickled (%s)", node, error)
            return None
        blob = new_hasher()
        blob.update(data)
        name = blob.hexdigest()
        _ = self.db  # opening the index checks the folders before a blob lands in them
        try:
            self._write_blob(name, data)
        except OSError as error:  # a full disk costs the reuse, not the run
            log.warning("not caching '%s': %s", node, error)
            return None
        now = time.time()
        entry = Entry(key, node, code, value_fp, name, len(data), dict(inputs), now, now)
        with self._lock:
            self.db.execute(
                f"INSERT OR REPLACE INTO entries ({_COLUMNS}, run_id) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    key,
                    node,
                    code,
                    value_fp,
                    name,
                    len(data),
                    json.dumps(entry.inputs),
                    now,
                    now,
                    run_id,
                ),
            )
        return entry

    def load(self, entry: Entry) -> Any:
        """The value of ``entry``; ``BlobError`` (entry dropped) when the blob is bad."""
        try:
            data = self._blob_path(entry.blob).read_bytes()
            check = new_hasher()
            check.update(data)
            if check.hexdigest() != entry.blob:
                raise BlobError(f"blob {entry.blob[:12]} of '{entry.node}' is corrupt")
            return pickle.loads(data)
        except BlobError:
            self.drop(entry)
            raise
        except Exception as error:  # missing file, unpickling failure
            self.drop(entry)
            raise BlobError(f"blob {entry.blob[:12]} of '{entry.node}': {error}") from error

    def drop(self, entry: Entry) -> None:
        """Forget ``entry`` and delete its blob file."""
        with self._lock:
            self.db.execute("DELETE FROM entries WHERE key = ?", (entry.key,))
        if _is_blob_name(entry.blob):
            self._blob_path(entry.blob).unlink(missing_ok=True)

    def _blob_path(self, name: str) -> Path:
        # Index rows only ever name a digest: never a path outside the blob dir.
        if not _is_blob_name(name):
            raise BlobError(f"bad blob name {name!r} in the cache index")
        return self.blobs / name[:2] / name

    def _write_blob(self, name: str, data: bytes) -> None:
        path = self._blob_path(name)
        if path.exists() and path.stat().st_size == len(data):
            return  # the same content is already stored
        secure_dir(path.parent)
        temporary = path.with_name(f".{name}.{os.getpid()}.{threading.get_ident()}.tmp")
        fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
            os.replace(temporary, path)
        except BaseException:
            temporary.unlink(missing_ok=True)
            raise

    # ---- housekeeping --------------------------------------------------------

    def usage(self) -> list[NodeUsage]:
        """Entries, bytes and last use per node, largest first."""
        rows = self._query(
            "SELECT node, COUNT(*), SUM(size), MAX(used) FROM entries "
            "GROUP BY node ORDER BY SUM(size) DESC, node"
        )
        return [NodeUsage(*row) for row in rows]

    def disk_size(self) -> int:
        """Bytes on disk: blobs plus the index."""
        files = [p for p in self.root.rglob("*") if p.is_file()] if self.root.exists() else []
        return sum(p.stat().st_size for p in files)

    def clear(self, older_than_s: float | None = None) -> tuple[int, int]:
        """Drop entries unused for ``older_than_s`` seconds (all when None).

        Returns:
            (entries removed, blob bytes freed).
        """
        cutoff = time.time() - older_than_s if older_than_s is not None else float("inf")
        with self._lock:
            removed = self.db.execute("DELETE FROM entries WHERE used < ?", (cutoff,)).rowcount
            self.db.execute("DELETE FROM sources WHERE used < ?", (cutoff,))
            kept = {row[0] for row in self.db.execute("SELECT DISTINCT blob FROM entries")}
        freed = 0
        for path in self._blob_files():
            if path.name not in kept:
                freed += path.stat().st_size
                path.unlink(missing_ok=True)
        return removed, freed

    def _blob_files(self) -> Iterator[Path]:
        if self.blobs.exists():
            yield from (p for p in self.blobs.glob("*/*") if not p.name.startswith("."))

    def sources(self) -> SourceTable:
        """Parsed source summaries by file digest, kept across runs (see ``code.py``)."""
        return SourceTable(self)


class SourceTable(MutableMapping[str, Any]):
    """A mapping view of the ``sources`` table, so code fingerprints persist."""

    def __init__(self, store: Store) -> None:
        self._store = store

    def __getitem__(self, digest: str) -> Any:
        rows = self._store._query("SELECT summary FROM sources WHERE digest = ?", (digest,))
        if not rows:
            raise KeyError(digest)
        return json.loads(rows[0][0])

    def __setitem__(self, digest: str, summary: Any) -> None:
        with self._store._lock:
            self._store.db.execute(
                "INSERT OR REPLACE INTO sources VALUES (?, ?, ?)",
                (digest, json.dumps(summary), time.time()),
            )

    def __delitem__(self, digest: str) -> None:
        self._store._query("DELETE FROM sources WHERE digest = ?", (digest,))

    def __iter__(self) -> Iterator[str]:
        return iter([row[0] for row in self._store._query("SELECT digest FROM sources")])

    def __len__(self) -> int:
        return self._store._query("SELECT COUNT(*) FROM sources")[0][0]


def _is_blob_name(name: str) -> bool:
    return len(name) == 32 and _HEX.issuperset(name)


def _entry(row: tuple[Any, ...]) -> Entry:
    key, node, code, value_fp, blob, size, inputs, created, used = row
    return Entry(key, node, code, value_fp, blob, size, json.loads(inputs), created, used)
