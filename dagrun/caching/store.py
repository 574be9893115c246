"""The cache store: result blobs on disk, an index of entries in SQLite.

Layout under the state dir (created ``0o700``: blobs are pickles, and loading a
pickle runs code, so nobody else may write there)::

    .dagrun/caching/index.sqlite      entries: key -> node, code, value fingerprint, blob;
                                    small blobs (< 64 KiB) inline, beside their entry
    .dagrun/caching/blobs/ab/ab12...  one pickle per distinct larger result, named by digest
    .dagrun/caching/blobs/ab/ab12....parquet   a result of a node with @cache(format=...):
                                    a file of that format whatever its size (``codec``)

A blob file is written to a temporary name and renamed into place, and its index
row is committed only after that, so a killed run leaves no entry pointing at
half a blob. Blob names are the digest of their bytes: a load checks the digest,
and a corrupt or missing blob is reported as ``BlobError`` (the caller
recomputes). SQLite runs in WAL mode with a busy timeout, so two runs can share
a state dir. A run's writes are committed in batches (``batch``, ``flush``): a
killed run loses at most the last fraction of a second of entries, never their
consistency.
"""

from __future__ import annotations

import json
import logging
import os
import pickle
import sqlite3
import threading
import time
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from dagrun.caching.codec import decode, encode, extension
from dagrun.caching.fingerprint import dumps, new_hasher
from dagrun.errors import InputError
from dagrun.io.sqlite import use_wal

log = logging.getLogger("dagrun.caching")

_SCHEMA = """
CREATE TABLE IF NOT EXISTS entries (
    key TEXT PRIMARY KEY, node TEXT NOT NULL, code TEXT NOT NULL, value_fp TEXT NOT NULL,
    blob TEXT NOT NULL, size INTEGER NOT NULL, inputs TEXT NOT NULL,
    created REAL NOT NULL, used REAL NOT NULL, run_id TEXT, format TEXT
);
CREATE INDEX IF NOT EXISTS entries_node ON entries (node, created);
CREATE TABLE IF NOT EXISTS inline (blob TEXT PRIMARY KEY, data BLOB NOT NULL);
"""
_COLUMNS = "key, node, code, value_fp, blob, size, inputs, created, used, format"
_HEX = frozenset("0123456789abcdef")
_SUFFIX = frozenset("abcdefghijklmnopqrstuvwxyz0123456789")
TOUCH_GRANULARITY_S = 3600.0
INLINE_LIMIT = 64 * 1024  # smaller blobs live in SQLite: one row beats one file
BATCH_S = 0.2  # how long a batch of writes may stay uncommitted


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
    inputs_json: str = "{}"  # input name -> [fingerprint, preview], decoded only on a miss
    created: float = 0.0
    used: float = 0.0
    format: str | None = None  # the codec of a @cache(format=...) result; None: a pickle

    @property
    def inline(self) -> bool:
        """Whether the blob lives in SQLite rather than in a file."""
        return self.format is None and self.size < INLINE_LIMIT

    @property
    def inputs(self) -> dict[str, Any]:
        """What the entry's inputs were, so a later miss can say what changed."""
        return json.loads(self.inputs_json)


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
        self._lock = threading.RLock()
        self._db: sqlite3.Connection | None = None
        self._pid = -1
        self._pending: list[tuple[str, tuple[Any, ...]]] = []  # writes not yet committed
        self._pending_since = 0.0
        self._timer: threading.Timer | None = None
        self.batching = False  # commit every BATCH_S instead of every write
        self._dirs: set[str] = set()

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
            use_wal(db, patience_s=60.0)
            db.execute("PRAGMA synchronous = NORMAL")
            db.executescript(_SCHEMA)
            _add_format_column(db)
            self._db, self._pid = db, os.getpid()
        return self._db

    def _query(self, sql: str, args: Iterable[Any] = ()) -> list[tuple[Any, ...]]:
        with self._lock:
            return self.db.execute(sql, tuple(args)).fetchall()

    def get(self, key: str) -> Entry | None:
        """The entry stored under ``key``, if any."""
        rows = self._query(f"SELECT {_COLUMNS} FROM entries WHERE key = ?", (key,))
        return _entry(rows[0]) if rows else None

    def index_of(self, nodes: Iterable[str]) -> EntryIndex:
        """The entries of the given nodes, read in one query (a whole plan's worth)."""
        rows = self._query(
            f"SELECT {_COLUMNS} FROM entries WHERE node IN (SELECT value FROM json_each(?))",
            (json.dumps(list(nodes)),),
        )
        return EntryIndex(rows)

    def latest(self, node: str) -> Entry | None:
        """The most recently stored entry for ``node``: what a miss is compared with."""
        rows = self._query(
            f"SELECT {_COLUMNS} FROM entries WHERE node = ? ORDER BY created DESC LIMIT 1",
            (node,),
        )
        return _entry(rows[0]) if rows else None

    def touch(self, entries: Iterable[Entry]) -> None:
        """Mark entries as used now (``cache clear --older-than`` goes by last use).

        Entries used within the last hour are left alone, so back-to-back cached
        reruns write nothing.
        """
        now = time.time()
        stale = [(now, entry.key) for entry in entries if entry.used < now - TOUCH_GRANULARITY_S]
        if stale:
            with self._transaction() as db:
                db.executemany("UPDATE entries SET used = ? WHERE key = ?", stale)

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
        format: str | None = None,
    ) -> Entry | None:
        """Store ``value`` under ``key``; None (and a log line) when it cannot be pickled.

        With ``format`` (a registry format) the value is written as a file of it.

        Raises:
            FormatError: ``format`` cannot hold the value.
        """
        codec = None
        if format is not None:
            data, codec = encode(value, format)
        else:
            try:
                data = dumps(value)
            except Exception as error:  # any pickling failure means "not cacheable"
                log.warning("not caching '%s': its value cannot be pickled (%s)", node, error)
                return None
        blob = new_hasher()
        blob.update(data)
        name = blob.hexdigest() + (extension(format) if format is not None else "")
        entry = Entry(key, node, code, value_fp, name, len(data), json.dumps(inputs), format=codec)
        if not entry.inline:
            _ = self.db  # opening the index checks the folders before a blob lands in them
            try:
                self._write_blob(name, data)
            except OSError as error:  # a full disk costs the reuse, not the run
                log.warning("not caching '%s': %s", node, error)
                return None
        now = time.time()
        entry = replace(entry, created=now, used=now)
        row = (key, node, code, value_fp, name, len(data), entry.inputs_json, now, now, codec)
        writes = [
            (
                f"INSERT OR REPLACE INTO entries ({_COLUMNS}, run_id) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (*row, run_id),
            ),
        ]
        if entry.inline:
            writes.insert(0, ("INSERT OR REPLACE INTO inline VALUES (?, ?)", (name, data)))
        self._queue(writes)
        return entry

    def _queue(self, writes: list[tuple[str, tuple[Any, ...]]]) -> None:
        """Add writes to the batch; it is committed within BATCH_S (at once without batching).

        A timer commits the batch even while a slow node runs, so a run killed
        mid-node keeps what finished before it. Writes wait in memory, not in an
        open transaction, so a slow node never
        holds the database's write lock while another run wants it.
        """
        with self._lock:
            if not self._pending:
                self._pending_since = time.monotonic()
                if self.batching:
                    self._timer = threading.Timer(BATCH_S, self._flush_in_background)
                    self._timer.daemon = True
                    self._timer.start()
            self._pending += writes
            if not self.batching or time.monotonic() - self._pending_since >= BATCH_S:
                self.flush()

    def _flush_in_background(self) -> None:
        try:
            self.flush()
        except sqlite3.Error as error:  # the run goes on; these results are recomputed later
            log.warning("could not store cached results: %s", error)

    def flush(self) -> None:
        """Commit the batched writes, if any, in one transaction."""
        with self._lock:
            if self._timer is not None:
                self._timer.cancel()
                self._timer = None
            if self._pending:
                pending, self._pending = self._pending, []
                with self._transaction() as db:
                    for sql, args in pending:
                        db.execute(sql, args)

    @contextmanager
    def _transaction(self) -> Iterator[sqlite3.Connection]:
        """One write transaction (after any batched writes), rolled back on error."""
        with self._lock:
            if self._pending:
                self.flush()
            db = self.db
            db.execute("BEGIN IMMEDIATE")
            try:
                yield db
            except BaseException:
                db.execute("ROLLBACK")
                raise
            db.execute("COMMIT")

    def load(self, entry: Entry) -> Any:
        """The value of ``entry``; ``BlobError`` (entry dropped) when the blob is bad."""
        try:
            data = self._read_blob(entry)
            check = new_hasher()
            check.update(data)
            if check.hexdigest() != entry.blob[:32]:
                raise BlobError(f"blob {entry.blob[:12]} of '{entry.node}' is corrupt")
            return decode(data, entry.format) if entry.format else pickle.loads(data)
        except BlobError:
            self.drop(entry)
            raise
        except Exception as error:  # missing file, unpickling failure
            self.drop(entry)
            raise BlobError(f"blob {entry.blob[:12]} of '{entry.node}': {error}") from error

    def _read_blob(self, entry: Entry) -> bytes:
        if not entry.inline:
            return self._blob_path(entry.blob).read_bytes()
        rows = self._query("SELECT data FROM inline WHERE blob = ?", (entry.blob,))
        if not rows:
            raise BlobError(f"blob {entry.blob[:12]} of '{entry.node}' is missing")
        return bytes(rows[0][0])

    def drop(self, entry: Entry) -> None:
        """Forget ``entry`` and delete its blob file."""
        with self._transaction() as db:
            db.execute("DELETE FROM entries WHERE key = ?", (entry.key,))
            db.execute("DELETE FROM inline WHERE blob = ?", (entry.blob,))
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
        if str(path.parent) not in self._dirs:
            secure_dir(path.parent)
            self._dirs.add(str(path.parent))
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

    def exists(self) -> bool:
        """Whether anything was ever stored here (looking creates nothing)."""
        return (self.root / "index.sqlite").is_file()

    def clear(self, older_than_s: float | None = None) -> tuple[int, int]:
        """Drop entries unused for ``older_than_s`` seconds (all when None).

        Returns:
            (entries removed, blob bytes freed).
        """
        cutoff = time.time() - older_than_s if older_than_s is not None else float("inf")
        with self._transaction() as db:
            removed = db.execute("DELETE FROM entries WHERE used < ?", (cutoff,)).rowcount
            kept = {row[0] for row in db.execute("SELECT DISTINCT blob FROM entries")}
            freed = db.execute(
                "SELECT COALESCE(SUM(LENGTH(data)), 0) FROM inline "
                "WHERE blob NOT IN (SELECT blob FROM entries)"
            ).fetchone()[0]
            db.execute("DELETE FROM inline WHERE blob NOT IN (SELECT blob FROM entries)")
        for path in self._blob_files():
            if path.name not in kept:
                freed += path.stat().st_size
                path.unlink(missing_ok=True)
        return removed, freed

    def _blob_files(self) -> Iterator[Path]:
        if self.blobs.exists():
            yield from (p for p in self.blobs.glob("*/*") if not p.name.startswith("."))


class EntryIndex:
    """Entries by key and each node's newest, made into ``Entry`` values only when asked."""

    def __init__(self, rows: Iterable[tuple[Any, ...]]) -> None:
        self._by_key: dict[str, tuple[Any, ...]] = {}
        self._latest: dict[str, tuple[Any, ...]] = {}
        for row in rows:
            self._by_key[row[0]] = row
            newest = self._latest.get(row[1])
            if newest is None or row[7] > newest[7]:
                self._latest[row[1]] = row

    def get(self, key: str) -> Entry | None:
        row = self._by_key.get(key)
        return _entry(row) if row else None

    def latest(self, node: str) -> Entry | None:
        row = self._latest.get(node)
        return _entry(row) if row else None

    def __contains__(self, node: str) -> bool:
        """Whether ``node`` has any entry."""
        return node in self._latest


def _is_blob_name(name: str) -> bool:
    """A digest, or a digest and a format's extension (``<digest>.parquet``)."""
    digest, dot, suffix = name[:32], name[32:33], name[33:]
    named = len(digest) == 32 and _HEX.issuperset(digest)
    return named and (not dot or (dot == "." and 0 < len(suffix) <= 16 and set(suffix) <= _SUFFIX))


def _add_format_column(db: sqlite3.Connection) -> None:
    """Give an index made before ``@cache(format=...)`` was stored its ``format`` column."""
    columns = {row[1] for row in db.execute("PRAGMA table_info(entries)")}
    if "format" in columns:
        return
    try:
        db.execute("ALTER TABLE entries ADD COLUMN format TEXT")
    except sqlite3.OperationalError:  # another process added it first
        if "format" not in {row[1] for row in db.execute("PRAGMA table_info(entries)")}:
            raise


def _entry(row: tuple[Any, ...]) -> Entry:
    return Entry(*row)
