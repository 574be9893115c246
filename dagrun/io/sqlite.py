"""SQLite settings dagrun's two databases (run history, cache index) share."""

from __future__ import annotations

import sqlite3
import time


def use_wal(db: sqlite3.Connection, patience_s: float) -> None:
    """Put the database in WAL mode (readers never wait on a writer); once is for good.

    Two processes opening a new database at once can both try to switch it; the
    switch fails at once with "database is locked" instead of waiting, so wait here.
    """
    deadline = time.monotonic() + patience_s
    while db.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
        try:
            db.execute("PRAGMA journal_mode = WAL")
        except sqlite3.OperationalError as error:
            if "locked" not in str(error) or time.monotonic() > deadline:
                raise
            time.sleep(0.01)
