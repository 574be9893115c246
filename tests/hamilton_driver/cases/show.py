"""Shared by the case scripts (copied beside each): results as plain JSON, one line.

Imports no Hamilton and no dagrun, so a script prints the same under either.
"""

import json
import math


def plain(value):
    """``value`` as JSON-friendly data that says what kind of object it was."""
    kind = type(value)
    module = kind.__module__.split(".")[0]
    if module == "pandas" and kind.__name__ == "DataFrame":
        return {
            "type": "DataFrame",
            "columns": [plain(c) for c in value.columns],
            "index": [plain(i) for i in value.index],
            "data": plain(value.values.tolist()),
            "dtypes": [str(t) for t in value.dtypes],
        }
    if module == "pandas" and kind.__name__ == "Series":
        return {
            "type": "Series",
            "name": plain(value.name),
            "index": [plain(i) for i in value.index],
            "data": plain(value.tolist()),
        }
    if module == "polars" and kind.__name__ == "DataFrame":
        return {
            "type": "polars.DataFrame",
            "columns": list(value.columns),
            "data": plain(value.to_dict(as_series=False)),
            "dtypes": [str(t) for t in value.dtypes],
        }
    if module == "numpy" and hasattr(value, "tolist"):
        if getattr(value, "ndim", 0) == 0:
            return plain(value.item())
        return {
            "type": kind.__name__,
            "shape": list(value.shape),
            "data": plain(value.tolist()),
            "dtype": str(value.dtype),
        }
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [plain(v) for v in value]
    if isinstance(value, set | frozenset):
        return sorted(plain(v) for v in value)
    if isinstance(value, float) and math.isnan(value):
        return None
    if isinstance(value, type):
        return {"class": value.__name__}
    if value is None or isinstance(value, bool | int | float | str):
        return value
    return {"repr_of": kind.__name__}


def emit(**fields):
    """Print the case's one JSON object as the last line of its output."""
    print(json.dumps(plain(fields), sort_keys=True))


def error(exc):
    """What a case records of a library's error: whether ``except ValueError`` catches it."""
    return {"value_error": isinstance(exc, ValueError)}


def raised(call):
    """The class name and message of what ``call()`` raised (a node's own exception), or None."""
    try:
        call()
    except Exception as exc:
        return {"class": type(exc).__name__, "message": str(exc).splitlines()[0]}
    return None
