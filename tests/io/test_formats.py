"""Choosing an output's format and writing each format so it reads back."""

from __future__ import annotations

import hashlib
import json
import pickle
from pathlib import Path

import numpy as np
import pandas as pd
import polars as pl
import pytest

from dagrun.io import REGISTRY, default_path, resolve_format, write_output


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("text", "txt"),
        ({"a": 1}, "json"),
        ([1, 2], "json"),
        (b"\x00", "bin"),
        (np.zeros(3), "npy"),
        (pd.DataFrame({"a": [1]}), "parquet"),
        (pd.Series([1]), "parquet"),
        (3.5, "json"),
        (7, "json"),
        (True, "json"),
        (None, "json"),
        ((1, 2), "pickle"),
        (pl.DataFrame({"a": [1]}), "parquet"),
        (object(), "pickle"),
    ],
    ids=lambda value: type(value).__name__,
)
def test_default_format_follows_the_type(value, expected):
    """Each type gets its format (parquet: pyarrow is installed); scalars are JSON."""
    assert REGISTRY.for_value(value) == expected


def test_explicit_format_beats_extension_beats_type():
    """format: wins over a .csv path, which wins over a str value's txt."""
    assert resolve_format(Path("x.csv"), "json", "v") == "json"
    assert resolve_format(Path("x.csv"), None, "v") == "csv"
    assert resolve_format(Path("x.unknown"), None, "v") == "txt"
    assert resolve_format(None, None, {"a": 1}) == "json"


def test_default_path_uses_the_format_extension(tmp_path):
    """OUT_DIR/<node>.<ext>, pickle as .pkl."""
    assert default_path(tmp_path, "model", "pickle") == tmp_path / "model.pkl"


@pytest.mark.parametrize(
    ("fmt", "value", "read"),
    [
        ("txt", "héllo", lambda p: p.read_text(encoding="utf-8")),
        ("json", {"a": [1, 2]}, lambda p: json.loads(p.read_text())),
        ("bin", b"\x01\x02", lambda p: p.read_bytes()),
        ("pickle", {1, 2}, lambda p: pickle.loads(p.read_bytes())),
        ("npy", [[1, 2], [3, 4]], lambda p: np.load(p).tolist()),
    ],
)
def test_each_format_round_trips(tmp_path, fmt, value, read):
    """What is written reads back equal, and size and sha256 describe the file."""
    path = tmp_path / f"out.{fmt}"
    written = write_output("node", value, path, fmt)
    assert read(path) == value
    assert written.bytes == path.stat().st_size
    assert written.sha256 == hashlib.sha256(path.read_bytes()).hexdigest()


def test_frames_write_as_parquet_and_csv(tmp_path):
    """A DataFrame round-trips through parquet; a Series becomes a one-column csv."""
    frame = pd.DataFrame({"x": [1, 2], "y": ["a", "b"]})
    write_output("f", frame, tmp_path / "f.parquet", "parquet")
    pd.testing.assert_frame_equal(pd.read_parquet(tmp_path / "f.parquet"), frame)
    write_output("s", pd.Series([1, 2], name="n"), tmp_path / "s.csv", "csv")
    assert (tmp_path / "s.csv").read_text().splitlines() == ["n", "1", "2"]


def test_json_handles_numpy_and_frames(tmp_path):
    """numpy values and DataFrames become plain JSON rather than failing."""
    value = {"arr": np.arange(3), "n": np.int64(4), "df": pd.DataFrame({"a": [1]})}
    write_output("j", value, tmp_path / "j.json", "json")
    assert json.loads((tmp_path / "j.json").read_text()) == {
        "arr": [0, 1, 2],
        "n": 4,
        "df": [{"a": 1}],
    }


def test_a_value_the_format_cannot_hold_raises_and_writes_nothing(tmp_path):
    """A str as bin is a TypeError and leaves no file, temporary or final."""
    with pytest.raises(TypeError, match="the bin format takes bytes, got str"):
        write_output("b", "text", tmp_path / "b.bin", "bin")
    assert list(tmp_path.iterdir()) == []


def test_bytes_written_as_txt_are_written_as_they_are(tmp_path):
    """A bytes value sent to a .txt file keeps its bytes, not its Python repr."""
    from dagrun.io import write_output

    path = tmp_path / "note.txt"
    write_output("note", b"caf\xc3\xa9\n", path, "txt")
    assert path.read_bytes() == b"caf\xc3\xa9\n"
