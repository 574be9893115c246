"""Data fingerprints change exactly when a value's content does."""

import subprocess
import sys
import threading

import numpy as np
import pandas as pd
import pytest

from dagrun.caching.fingerprint import digest, dumps, fingerprint


@pytest.mark.parametrize(
    ("first", "second"),
    [
        (1, 2),
        (1, 1.0),
        (1, True),
        ("1", 1),
        ("ab", b"ab"),
        ((1, 2), [1, 2]),
        ([1, [2]], [[1], 2]),
        ({"a": 1}, {"a": 2}),
        ({"a": 1}, {"b": 1}),
        ({1, 2}, frozenset({1, 2})),
        (None, 0),
        (0.0, -0.0),
    ],
    ids=lambda value: type(value).__name__,
)
def test_different_builtins_have_different_fingerprints(first, second):
    """Values that differ in content or type never share a fingerprint."""
    assert fingerprint(first) != fingerprint(second)


def test_equal_builtins_share_a_fingerprint():
    """Equal structures built separately fingerprint alike."""
    assert fingerprint({"a": [1, 2.5, "x"], "b": (None, b"z")}) == fingerprint(
        {"a": [1, 2.5, "x"], "b": (None, b"z")}
    )


def test_set_fingerprint_does_not_depend_on_process_hash_seed():
    """A set of strings fingerprints the same in processes with different hash seeds."""
    code = (
        "from dagrun.caching.fingerprint import fingerprint; print(fingerprint({'a','b','c','d'}))"
    )
    results = {
        subprocess.run(
            [sys.executable, "-c", code],
            env={"PYTHONHASHSEED": seed},
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        for seed in ("1", "2", "3")
    }
    assert len(results) == 1


def test_numpy_arrays_by_dtype_shape_and_content():
    """Arrays differing in one element, dtype or shape differ; views hash like copies."""
    base = np.arange(12, dtype=np.int64)
    changed = base.copy()
    changed[5] = -1
    assert fingerprint(base) != fingerprint(changed)
    assert fingerprint(base) != fingerprint(base.astype(np.int32))
    assert fingerprint(base) != fingerprint(base.reshape(3, 4))
    strided = np.arange(24)[::2]
    assert fingerprint(strided) == fingerprint(np.ascontiguousarray(strided))


def test_large_array_middle_change_is_seen():
    """A change in the middle of a large array changes the fingerprint (no repr truncation)."""
    base = np.zeros(100_000)
    changed = base.copy()
    changed[50_000] = 1e-9
    assert fingerprint(base) != fingerprint(changed)


def test_dataframe_fingerprint_follows_cells_index_and_columns():
    """One changed cell, index label, column name or dtype changes a frame's fingerprint."""
    frame = pd.DataFrame({"a": range(1000), "b": ["x"] * 1000, "c": [0.5] * 1000})
    same = frame.copy()
    assert fingerprint(frame) == fingerprint(same)
    cell = frame.copy()
    cell.loc[500, "b"] = "y"
    renamed = frame.rename(columns={"c": "d"})
    reindexed = frame.set_axis(range(1, 1001))
    retyped = frame.astype({"a": "int32"})
    found = {fingerprint(f) for f in (frame, cell, renamed, reindexed, retyped)}
    assert len(found) == 5


def test_series_fingerprint_includes_its_name():
    """Two series with equal values but different names differ."""
    assert fingerprint(pd.Series([1, 2], name="x")) != fingerprint(pd.Series([1, 2], name="y"))


def test_other_objects_are_fingerprinted_by_pickle_not_repr():
    """Objects whose repr is equal but state differs get different fingerprints."""

    class Same:
        def __init__(self, value):
            self.value = value

        def __repr__(self):
            return "Same()"

    globals()["Same"] = Same  # picklable by reference
    Same.__qualname__ = "Same"
    assert fingerprint(Same(1)) != fingerprint(Same(2))


def test_unpicklable_value_has_no_fingerprint():
    """A value that cannot be pickled (a lock) has no fingerprint, so it is never reused."""
    assert fingerprint(threading.Lock()) is None
    assert fingerprint({"lock": threading.Lock()}) is None


def test_lambdas_pickle_through_cloudpickle():
    """A lambda value can still be stored: dumps falls back to cloudpickle."""
    assert dumps(lambda x: x + 1)


def test_digest_separates_parts():
    """Part boundaries count: ("ab", "c") and ("a", "bc") differ."""
    assert digest("ab", "c") != digest("a", "bc")
