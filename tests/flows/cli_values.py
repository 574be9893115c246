"""One node per default output format."""

import numpy as np
import pandas as pd


def text() -> str:
    """A string: txt."""
    return "héllo"


def mapping() -> dict:
    """A dict: json."""
    return {"a": 1, "b": [1, 2]}


def raw() -> bytes:
    """Bytes: bin."""
    return b"\x00\x01\x02"


def array() -> np.ndarray:
    """A numpy array: npy."""
    return np.arange(6).reshape(2, 3)


def frame() -> pd.DataFrame:
    """A DataFrame: parquet (pyarrow is installed)."""
    return pd.DataFrame({"x": [1, 2], "y": ["a", "b"]})


def other() -> complex:
    """Anything else: pickle."""
    return complex(1, 2)
