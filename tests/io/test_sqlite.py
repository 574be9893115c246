"""Opening one new SQLite database from several processes at the same moment."""

import multiprocessing
import sqlite3

from dagrun.io.sqlite import use_wal


def _open(path, barrier, results):
    barrier.wait()
    db = sqlite3.connect(path, timeout=30, isolation_level=None)
    db.execute("PRAGMA busy_timeout = 30000")
    use_wal(db, patience_s=30.0)
    db.execute("CREATE TABLE IF NOT EXISTS t (x INTEGER)")
    db.execute("INSERT INTO t VALUES (1)")
    results.put(db.execute("PRAGMA journal_mode").fetchone()[0])
    db.close()


def test_processes_switching_a_new_database_at_once_all_get_wal(tmp_path):
    """Four processes, released together on ten fresh databases: none fails, all see WAL."""
    context = multiprocessing.get_context("spawn")
    results = context.Queue()
    for round_number in range(10):
        path = tmp_path / f"db{round_number}.sqlite"
        barrier = context.Barrier(4)
        workers = [context.Process(target=_open, args=(path, barrier, results)) for _ in range(4)]
        for worker in workers:
            worker.start()
        for worker in workers:
            worker.join(60)
            assert worker.exitcode == 0
        with sqlite3.connect(path) as db:
            assert db.execute("SELECT count(*) FROM t").fetchone()[0] == 4
    modes = [results.get(timeout=10) for _ in range(40)]
    assert set(modes) == {"wal"}
