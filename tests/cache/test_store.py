"""The store keeps blobs and an SQLite index safe across failures and processes."""

import multiprocessing
import os
import signal
import stat
import subprocess
import sys
import time

import pytest

from dagrun.cache.store import BlobError, Store


def put(store, key, value, node="n"):
    return store.put(key, node, "code", value, f"fp-{key}", {"x": ["fx", "1"]}, "run-1")


def test_round_trip_keeps_value_and_metadata(tmp_path):
    """A stored value loads back equal, with its inputs record."""
    store = Store(tmp_path / ".dagrun")
    entry = put(store, "k1", {"a": [1, 2, 3]})
    found = store.get("k1")
    assert found == entry
    assert found.inputs == {"x": ["fx", "1"]}
    assert store.load(found) == {"a": [1, 2, 3]}


def test_state_dir_and_blobs_are_private(tmp_path):
    """The state dir is created 0o700 and blob files 0o600."""
    store = Store(tmp_path / ".dagrun")
    entry = put(store, "k1", 1)
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


def test_corrupt_blob_is_an_error_and_the_entry_is_dropped(tmp_path):
    """A blob whose bytes no longer match its digest raises BlobError and is forgotten."""
    store = Store(tmp_path / ".dagrun")
    entry = put(store, "k1", list(range(100)))
    path = store.blobs / entry.blob[:2] / entry.blob
    path.write_bytes(path.read_bytes()[:-3] + b"xyz")
    with pytest.raises(BlobError, match="corrupt"):
        store.load(entry)
    assert store.get("k1") is None
    assert not path.exists()


def test_missing_blob_is_an_error(tmp_path):
    """A deleted blob raises BlobError rather than an OSError."""
    store = Store(tmp_path / ".dagrun")
    entry = put(store, "k1", "value")
    (store.blobs / entry.blob[:2] / entry.blob).unlink()
    with pytest.raises(BlobError):
        store.load(entry)


def test_index_rows_cannot_point_outside_the_blob_dir(tmp_path):
    """A forged index row naming a path is refused, never read."""
    store = Store(tmp_path / ".dagrun")
    put(store, "k1", 1)
    store.db.execute("UPDATE entries SET blob = '../../../../etc/passwd' WHERE key = 'k1'")
    with pytest.raises(BlobError, match="bad blob name"):
        store.load(store.get("k1"))
    assert store.get("k1") is None


def test_identical_values_share_one_blob(tmp_path):
    """Two entries with the same content store one blob file."""
    store = Store(tmp_path / ".dagrun")
    first = put(store, "k1", "same", node="a")
    second = put(store, "k2", "same", node="b")
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
    old = put(store, "old", "old value", node="a")
    put(store, "new", "new value", node="b")
    store.db.execute("UPDATE entries SET used = ? WHERE key = 'old'", (time.time() - 40 * 86400,))
    removed, freed = store.clear(older_than_s=30 * 86400)
    assert removed == 1 and freed == old.size
    assert store.get("old") is None and store.get("new") is not None
    assert [u.node for u in store.usage()] == ["b"]


def test_clear_all_empties_the_cache(tmp_path):
    """``clear`` without a cut-off removes every entry and blob."""
    store = Store(tmp_path / ".dagrun")
    put(store, "a", 1)
    put(store, "b", 2)
    removed, freed = store.clear()
    assert removed == 2 and freed > 0
    assert store.usage() == []
    assert list(store.blobs.glob("*/*")) == []


def test_touch_updates_last_use(tmp_path):
    """Touching an entry moves its last use to now, protecting it from --older-than."""
    store = Store(tmp_path / ".dagrun")
    put(store, "k", 1)
    store.db.execute("UPDATE entries SET used = 0 WHERE key = 'k'")
    store.touch(["k"])
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
from dagrun.cache.store import Store
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
