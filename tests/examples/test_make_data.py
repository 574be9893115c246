"""scripts/make_data.py: the committed sample data is exactly what the script makes."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from contextlib import closing

from example_support import DATA, ROOT


def _dump(path) -> list[str]:
    with closing(sqlite3.connect(path)) as db:
        return list(db.iterdump())


def test_regenerating_the_data_reproduces_the_committed_files(tmp_path):
    """Running the script again gives the same tables, pairs, texts and picture."""
    subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "make_data.py"), str(tmp_path)], check=True
    )
    assert _dump(tmp_path / "customers.db") == _dump(DATA / "customers.db")
    for name in ("embedding_pairs.csv", "new_texts.txt", "images/lighthouse.png"):
        assert (tmp_path / name).read_bytes() == (DATA / name).read_bytes(), name


def test_the_picture_is_a_png():
    """The captioning flow's sample image starts with the PNG signature."""
    assert (DATA / "images" / "lighthouse.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
