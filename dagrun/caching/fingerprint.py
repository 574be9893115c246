"""Data fingerprints: a short digest that changes exactly when a value's content does.

A cache key is only as good as the fingerprints of the values in it, so each kind
of value is hashed by what it holds, never by ``repr`` (which truncates arrays
and frames and shows addresses for plain objects):

- builtins structurally: type tag, length, elements (sets order-free, because
  set iteration order changes between processes);
- numpy arrays by dtype, shape and raw buffer;
- pandas frames and series column by column: numeric columns by their buffer,
  the rest with ``pandas.util.hash_pandas_object``; a ``RangeIndex`` by its bounds;
- anything else by its pickle (cloudpickle when plain pickle refuses).

A value that cannot be pickled has no fingerprint (``None``): whatever reads it
is recomputed every time rather than risk a stale reuse.
"""

from __future__ import annotations

import hashlib
import pickle
import struct
import sys
from typing import Any

DIGEST_SIZE = 16  # 128 bits: collisions are out of reach for any cache size


def new_hasher() -> Any:
    """The hash every fingerprint uses (blake2b: fast, in the standard library)."""
    return hashlib.blake2b(digest_size=DIGEST_SIZE)


def digest(*parts: str) -> str:
    """The hex digest of ``parts`` (NUL-separated: names and digests never hold a NUL)."""
    return hashlib.blake2b(
        "\0".join(parts).encode("utf-8", "surrogatepass"), digest_size=DIGEST_SIZE
    ).hexdigest()


def fingerprint(value: Any) -> str | None:
    """The fingerprint of ``value``, or None when it cannot be pickled."""
    hasher = new_hasher()
    try:
        _feed(hasher, value)
    except (pickle.PicklingError, TypeError, AttributeError, RecursionError, ValueError):
        return None
    return hasher.hexdigest()


def dumps(value: Any) -> bytes:
    """``value`` as pickle bytes (protocol 5), falling back to cloudpickle for lambdas."""
    try:
        return pickle.dumps(value, protocol=5)
    except (pickle.PicklingError, TypeError, AttributeError):
        import cloudpickle

        return cloudpickle.dumps(value, protocol=5)


def feed(hasher: Any, value: Any) -> None:
    """Add ``value``'s content to ``hasher`` (see ``fingerprint``); raises when it cannot."""
    _feed(hasher, value)


def _feed(hasher: Any, value: Any) -> None:
    feeder = _FEEDERS.get(type(value))
    if feeder is not None:
        feeder(hasher, value)
    elif _is_pandas(value):
        _feed_pandas(hasher, value)
    elif type(value).__module__ == "numpy":
        _feed_numpy(hasher, value)
    else:
        hasher.update(b"P")
        hasher.update(dumps(value))


def _tagged(tag: bytes, hasher: Any, data: bytes) -> None:
    hasher.update(tag)
    hasher.update(len(data).to_bytes(8, "little"))
    hasher.update(data)


def _feed_int(hasher: Any, value: int) -> None:
    _tagged(b"i", hasher, value.to_bytes((value.bit_length() + 8) // 8, "little", signed=True))


def _feed_sequence(tag: bytes) -> Any:
    def feed(hasher: Any, value: Any) -> None:
        hasher.update(tag + len(value).to_bytes(8, "little"))
        for item in value:
            _feed(hasher, item)

    return feed


def _feed_dict(hasher: Any, value: dict[Any, Any]) -> None:
    hasher.update(b"d" + len(value).to_bytes(8, "little"))
    for key, item in value.items():
        _feed(hasher, key)
        _feed(hasher, item)


def _feed_set(tag: bytes) -> Any:
    def feed(hasher: Any, value: Any) -> None:
        members = []
        for item in value:
            member = new_hasher()
            _feed(member, item)
            members.append(member.digest())
        hasher.update(tag + len(value).to_bytes(8, "little"))
        hasher.update(b"".join(sorted(members)))

    return feed


_FEEDERS: dict[type, Any] = {
    type(None): lambda hasher, value: hasher.update(b"N"),
    bool: lambda hasher, value: hasher.update(b"T" if value else b"F"),
    int: _feed_int,
    float: lambda hasher, value: hasher.update(b"f" + struct.pack("<d", value)),
    complex: lambda hasher, value: hasher.update(b"c" + struct.pack("<dd", value.real, value.imag)),
    str: lambda hasher, value: _tagged(b"s", hasher, value.encode("utf-8", "surrogatepass")),
    bytes: lambda hasher, value: _tagged(b"b", hasher, value),
    bytearray: lambda hasher, value: _tagged(b"B", hasher, bytes(value)),
    tuple: _feed_sequence(b"t"),
    list: _feed_sequence(b"l"),
    dict: _feed_dict,
    set: _feed_set(b"S"),
    frozenset: _feed_set(b"Z"),
}


def _feed_numpy(hasher: Any, value: Any) -> None:
    import numpy

    if isinstance(value, numpy.ndarray) and not value.dtype.hasobject:
        _tagged(b"A", hasher, f"{value.dtype.str}{value.shape}".encode())
        hasher.update(numpy.ascontiguousarray(value).view(numpy.uint8).data)
    elif isinstance(value, numpy.generic) and not value.dtype.hasobject:
        _tagged(b"a", hasher, value.dtype.str.encode() + value.tobytes())
    else:
        hasher.update(b"P")
        hasher.update(dumps(value))


def _is_pandas(value: Any) -> bool:
    return "pandas" in sys.modules and type(value).__module__.startswith("pandas")


def _feed_pandas(hasher: Any, value: Any) -> None:
    import pandas

    if isinstance(value, pandas.DataFrame):
        hasher.update(b"D" + len(value.columns).to_bytes(8, "little"))
        _feed_index(hasher, value.index)
        _feed_index(hasher, value.columns)
        for position in range(value.shape[1]):
            _feed_column(hasher, value.iloc[:, position])
    elif isinstance(value, pandas.Series):
        hasher.update(b"R")
        _feed(hasher, value.name)
        _feed_index(hasher, value.index)
        _feed_column(hasher, value)
    elif isinstance(value, pandas.Index):
        _feed_index(hasher, value)
    else:
        hasher.update(b"P")
        hasher.update(dumps(value))


def _feed_index(hasher: Any, index: Any) -> None:
    import pandas

    _feed(hasher, list(index.names))
    if isinstance(index, pandas.RangeIndex):
        hasher.update(b"r" + struct.pack("<qqq", index.start, index.stop, index.step))
        return
    _tagged(b"x", hasher, str(index.dtype).encode())
    hasher.update(pandas.util.hash_pandas_object(index, index=False).to_numpy().data)


def _feed_column(hasher: Any, column: Any) -> None:
    """One column: its dtype, then its buffer when numpy holds it, else per-row hashes."""
    import numpy
    import pandas

    _tagged(b"C", hasher, str(column.dtype).encode())
    if isinstance(column.dtype, numpy.dtype) and column.dtype.kind in "biufcmM":
        values = numpy.ascontiguousarray(column.to_numpy())
        hasher.update(values.view(numpy.uint8).data)
    else:
        hashes = pandas.util.hash_pandas_object(column, index=False).to_numpy()
        hasher.update(hashes.data)
