"""Output formats: which one a result gets, and how each is written.

The format is the one asked for, else the one the file's extension names, else
the one the value's type suggests (DataFrame/Series -> parquet, or csv without
pyarrow; dict/list -> json; str -> txt; bytes -> bin; numpy array -> npy;
anything else -> pickle). pandas and numpy are imported only to write their
own values, and types are recognised without importing them.
"""

from __future__ import annotations

import datetime
import importlib.util
import json
import pickle
from collections.abc import Callable
from dataclasses import asdict, dataclass, is_dataclass
from pathlib import Path
from typing import Any, BinaryIO

from dagrun.io.atomic import atomic_write


@dataclass(frozen=True, slots=True)
class WrittenFile:
    """One output as written: where, in which format, its size and sha256."""

    node: str
    path: Path
    format: str
    bytes: int
    sha256: str

    def to_dict(self) -> dict[str, Any]:
        return {
            "path": str(self.path),
            "format": self.format,
            "bytes": self.bytes,
            "sha256": self.sha256,
        }


def _write_txt(value: Any, handle: BinaryIO) -> None:
    if isinstance(value, bytes | bytearray | memoryview):
        handle.write(value)  # already text in some encoding: as it is, not its repr
    else:
        handle.write((value if isinstance(value, str) else str(value)).encode("utf-8"))


def _write_json(value: Any, handle: BinaryIO) -> None:
    text = json.dumps(value, indent=2, ensure_ascii=False, default=_json_default)
    handle.write(text.encode("utf-8") + b"\n")


def _json_default(value: Any) -> Any:
    if hasattr(value, "tolist"):  # numpy arrays and scalars
        return value.tolist()
    if _is_pandas(value):
        return value.to_dict(orient="records") if value.ndim == 2 else value.to_dict()
    if isinstance(value, (set, frozenset)):
        return sorted(value, key=repr)
    if isinstance(value, (datetime.date, datetime.datetime)):
        return value.isoformat()
    if isinstance(value, Path):
        return str(value)
    if is_dataclass(value) and not isinstance(value, type):
        return asdict(value)
    raise TypeError(f"{type(value).__name__} is not JSON serialisable")


def _frame(value: Any) -> Any:
    import pandas

    if isinstance(value, pandas.DataFrame):
        return value
    if isinstance(value, pandas.Series):
        return value.to_frame()
    return pandas.DataFrame(value)


def _write_csv(value: Any, handle: BinaryIO) -> None:
    import pandas

    frame = _frame(value)
    keep_index = not isinstance(frame.index, pandas.RangeIndex)
    handle.write(frame.to_csv(index=keep_index).encode("utf-8"))


def _write_parquet(value: Any, handle: BinaryIO) -> None:
    _frame(value).to_parquet(handle)


def _write_pickle(value: Any, handle: BinaryIO) -> None:
    pickle.dump(value, handle, protocol=pickle.HIGHEST_PROTOCOL)


def _write_npy(value: Any, handle: BinaryIO) -> None:
    import numpy

    numpy.save(handle, numpy.asarray(value), allow_pickle=False)


def _write_bin(value: Any, handle: BinaryIO) -> None:
    if not isinstance(value, (bytes, bytearray, memoryview)):
        raise TypeError(f"the bin format takes bytes, got {type(value).__name__}")
    handle.write(value)


Writer = Callable[[Any, BinaryIO], None]

FORMATS: dict[str, tuple[str, Writer]] = {
    "txt": (".txt", _write_txt),
    "json": (".json", _write_json),
    "csv": (".csv", _write_csv),
    "parquet": (".parquet", _write_parquet),
    "pickle": (".pkl", _write_pickle),
    "npy": (".npy", _write_npy),
    "bin": (".bin", _write_bin),
}

EXTENSIONS = {
    ".txt": "txt",
    ".text": "txt",
    ".md": "txt",
    ".json": "json",
    ".csv": "csv",
    ".parquet": "parquet",
    ".pq": "parquet",
    ".pkl": "pickle",
    ".pickle": "pickle",
    ".npy": "npy",
    ".bin": "bin",
}


def _is_pandas(value: Any) -> bool:
    cls = type(value)
    return cls.__module__.startswith("pandas") and cls.__name__ in ("DataFrame", "Series")


def format_for_value(value: Any) -> str:
    """The default format for a value, by its type."""
    if _is_pandas(value):
        return "parquet" if importlib.util.find_spec("pyarrow") else "csv"
    if isinstance(value, (dict, list)):
        return "json"
    if isinstance(value, str):
        return "txt"
    if isinstance(value, (bytes, bytearray, memoryview)):
        return "bin"
    cls = type(value)
    if cls.__module__ == "numpy" and cls.__name__ == "ndarray":
        return "npy"
    return "pickle"


def resolve_format(path: Path | None, explicit: str | None, value: Any) -> str:
    """The format to write ``value`` in: explicit, else by extension, else by type."""
    if explicit:
        return explicit
    if path is not None and path.suffix.lower() in EXTENSIONS:
        return EXTENSIONS[path.suffix.lower()]
    return format_for_value(value)


def default_path(out_dir: Path, node: str, format: str) -> Path:
    """``OUT_DIR/<node>.<ext>`` for an output the run file gives no path."""
    return out_dir / f"{node}{FORMATS[format][0]}"


def write_output(
    node: str, value: Any, path: Path, format: str, staging: Path | None = None
) -> WrittenFile:
    """Write ``value`` to ``path`` in ``format``, atomically (temporary file in ``staging``).

    Raises:
        TypeError, ValueError: the value cannot be written in that format.
        OSError: the file system refused.
    """
    writer = FORMATS[format][1]
    size, digest = atomic_write(path, lambda handle: writer(value, handle), staging)
    return WrittenFile(node, path, format, size, digest)
