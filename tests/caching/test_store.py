"""The store keeps blobs and an SQLite index safe across failures and processes."""

import multiprocessing
import os
import signal
import stat
import subprocess
import sys
import time

import pytest

from dagrun.caching.store import INLINE_LIMIT, BlobError, Store

SMALL, LARGE = "small", bytes(INLINE_LIMIT + 10)  # kept in SQLite / in a blob file
SIZES = pytest.mark.parametrize("value", [SMALL, LARGE], ids=["inline", "file"])


def put(store, key, value, node="n"):
    return store.put(key, node, "code", value, f"fp-{key}", {"x": ["fx", "1"]}, "run-1")


def overwrite_blob(store, entry, data):
    """Replace the stored bytes of ``entry`` (in SQLite or in its file); None deletes them."""
    path = store.blobs / entry.blob[:2] / entry.blob
    if entry.size >= INLINE_LIMIT:
        if data is None:
            path.unlink()
        else:
            path.write_bytes(data)
    elif data is None:
        store.db.execute("DELETE FROM inline WHERE blob = ?", (entry.blob,))
    else:
        store.db.execute("UPDATE inline SET data = ? WHERE blob = ?", (data, entry.blob))


@SIZES
def test_round_trip_keeps_value_and_metadata(tmp_path, value):
    """A stored value loads back equal, with its inputs record."""
    store = Store(tmp_path / ".dagrun")
    entry = put(store, "k1", {"a": value})
    found = store.get("k1")
    assert found == entry
    assert found.inputs == {"x": ["fx", "1"]}
    assert store.load(found) == {"a": value}


def test_state_dir_and_blobs_are_private(tmp_path):
    """The state dir is created 0o700 and blob files 0o600."""
    store = Store(tmp_path / ".dagrun")
    entry = put(store, "k1", LARGE)
    assert stat.S_IMODE((tmp_path / ".dagrun").stat().st_mode) == 0o700
    blob = store.blobs / entry.blob[:2] / entry.blob
    assert stat.S_IMODE(blob.stat().st_mode) == 0o600


def test_an_existing_state_dir_open_to_others_is_tightened(tmp_path):
    """A state dir others could write to is made owner-only before blobs are read."""
    state = tmp_path / ".dagrun"
    state.mkdir(mode=0o777)
    os.chmod(state, 0o777)
    put(Store(state), "k", 1)
    assert stat.S_IMODE(state.stat().st_mode) == 0o700


@SIZES
def test_corrupt_blob_is_an_error_and_the_entry_is_dropped(tmp_path, value):
    """A blob whose bytes no longer match its digest raises BlobError and is forgotten."""
    store = Store(tmp_path / ".dagrun")
    entry = put(store, "k1", value)
    overwrite_blob(store, entry, b"not the pickle that was stored")
    with pytest.raises(BlobError, match="corrupt"):
        store.load(entry)
    assert store.get("k1") is None
    assert not (store.blobs / entry.blob[:2] / entry.blob).exists()


@SIZES
def test_missing_blob_is_an_error(tmp_path, value):
    """A deleted blob raises BlobError rather than an OSError."""
    store = Store(tmp_path / ".dagrun")
    entry = put(store, "k1", value)
    overwrite_blob(store, entry, None)
    with pytest.raises(BlobError):
        store.load(entry)
    assert store.get("k1") is None


def test_index_rows_cannot_point_outside_the_blob_dir(tmp_path):
    """A forged index row naming a path is refused, never read."""
    store = Store(tmp_path / ".dagrun")
    put(store, "k1", LARGE)
    store.db.execute("UPDATE entries SET blob = '../../../../etc/passwd' WHERE key = 'k1'")
    with pytest.raises(BlobError, match="bad blob name"):
        store.load(store.get("k1"))
    assert store.get("k1") is None


def test_identical_values_share_one_blob(tmp_path):
    """Two entries with the same content store one blob file."""
    store = Store(tmp_path / ".dagrun")
    first = put(store, "k1", LARGE, node="a")
    second = put(store, "k2", LARGE, node="b")
    assert first.blob == second.blob
    assert len(list(store.blobs.glob("*/*"))) == 1


def test_unpicklable_value_is_not_stored(tmp_path):
    """A value that cannot be pickled is skipped (None), leaving no entry."""
    store = Store(tmp_path / ".dagrun")
    import threading

    assert put(store, "k1", threading.Lock()) is None
    assert store.get("k1") is None


def test_latest_is_the_most_recent_entry_of_a_node(tmp_path):
    """``latest`` answers with the newest entry for the node."""
    store = Store(tmp_path / ".dagrun")
    put(store, "old", 1)
    time.sleep(0.01)
    put(store, "new", 2)
    assert store.latest("n").key == "new"
    assert store.latest("other") is None


def test_clear_older_than_keeps_recent_entries_and_their_blobs(tmp_path):
    """Entries unused for longer than the cut-off go, with blobs no entry needs."""
    store = Store(tmp_path / ".dagrun")
    old = put(store, "old", LARGE + b"old", node="a")
    put(store, "new", "new value", node="b")
    store.db.execute("UPDATE entries SET used = ? WHERE key = 'old'", (time.time() - 40 * 86400,))
    removed, freed = store.clear(older_than_s=30 * 86400)
    assert removed == 1 and freed == old.size
    assert list(store.blobs.glob("*/*")) == []
    assert store.get("old") is None and store.get("new") is not None
    assert [u.node for u in store.usage()] == ["b"]


def test_clear_all_empties_the_cache(tmp_path):
    """``clear`` without a cut-off removes every entry and blob."""
    store = Store(tmp_path / ".dagrun")
    put(store, "a", 1)
    put(store, "b", LARGE)
    removed, freed = store.clear()
    assert removed == 2 and freed > INLINE_LIMIT
    assert store.db.execute("SELECT COUNT(*) FROM inline").fetchone()[0] == 0
    assert store.usage() == []
    assert list(store.blobs.glob("*/*")) == []


def test_batched_writes_are_visible_to_other_processes_after_flush(tmp_path):
    """With batching on, writes wait for ``flush``, then another connection sees them."""
    store = Store(tmp_path / ".dagrun")
    store.batching = True
    put(store, "k", 1)
    other = Store(tmp_path / ".dagrun")
    assert other.get("k") is None
    store.flush()
    assert other.get("k") is not None


def test_a_batch_is_committed_within_its_interval_without_further_writes(tmp_path):
    """A batched write reaches the database on its own shortly after, even while idle."""
    store = Store(tmp_path / ".dagrun")
    store.batching = True
    put(store, "k", 1)
    other = Store(tmp_path / ".dagrun")
    deadline = time.monotonic() + 5
    while other.get("k") is None and time.monotonic() < deadline:
        time.sleep(0.05)
    assert other.get("k") is not None


def test_a_pending_batch_does_not_lock_out_other_writers(tmp_path):
    """Writes waiting in one run's batch leave the database free for another run."""
    first = Store(tmp_path / ".dagrun")
    first.batching = True
    put(first, "a", 1)
    second = Store(tmp_path / ".dagrun")
    second.db.execute("PRAGMA busy_timeout = 100")
    put(second, "b", 2)  # would raise "database is locked" if first held the lock
    first.flush()
    assert {u.node for u in Store(tmp_path / ".dagrun").usage()} == {"n"}
    assert second.get("a") is not None and second.get("b") is not None


def test_touch_updates_last_use(tmp_path):
    """Touching an entry moves its last use to now, protecting it from --older-than."""
    store = Store(tmp_path / ".dagrun")
    put(store, "k", 1)
    store.db.execute("UPDATE entries SET used = 0 WHERE key = 'k'")
    store.touch([store.get("k")])
    assert store.get("k").used > time.time() - 60


def _writer(state_dir, prefix, count):
    store = Store(state_dir)
    for index in range(count):
        put(store, f"{prefix}-{index}", [prefix, index] * 50, node=prefix)


def test_two_processes_write_one_store_at_once(tmp_path):
    """Concurrent writers from two processes lose no entry and corrupt no blob."""
    state = tmp_path / ".dagrun"
    context = multiprocessing.get_context("spawn")
    workers = [context.Process(target=_writer, args=(state, p, 200)) for p in ("a", "b")]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(60)
        assert worker.exitcode == 0
    store = Store(state)
    for prefix in ("a", "b"):
        for index in (0, 199):
            assert store.load(store.get(f"{prefix}-{index}")) == [prefix, index] * 50
    assert sum(u.entries for u in store.usage()) == 400


KILLED_WRITER = """
import sys
from pathlib import Path
from dagrun.caching.store import Store
store = Store(Path(sys.argv[1]))
index = 0
while True:
    store.put(f"k{index}", "n", "c", bytes(200_000) + str(index).encode(), f"f{index}", {})
    index += 1
    if index == 5:
        print("ready", flush=True)
"""


def test_a_killed_writer_leaves_only_loadable_entries(tmp_path):
    """After SIGKILL mid-run, every indexed entry loads: nothing is half-stored."""
    state = tmp_path / ".dagrun"
    with subprocess.Popen(
        [sys.executable, "-c", KILLED_WRITER, str(state)], stdout=subprocess.PIPE, text=True
    ) as process:
        assert process.stdout.readline().strip() == "ready"
        time.sleep(0.2)
        process.send_signal(signal.SIGKILL)
        process.wait()
    store = Store(state)
    keys = [row[0] for row in store.db.execute("SELECT key FROM entries")]
    assert len(keys) >= 5
    for key in keys:
        assert store.load(store.get(key)).startswith(bytes(10))
