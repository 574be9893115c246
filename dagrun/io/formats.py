"""dagrun's built-in formats, registered in the one registry, and writing a value in one.

A value's format is the one asked for, else the one its file's extension names,
else the one its type suggests: pandas/polars frames -> parquet (csv without
pyarrow); dict, list and scalars (int, float, bool, None) -> json; str -> txt;
bytes -> bin; numpy arrays -> npy; anything else -> pickle. pandas, polars and
numpy are imported only to read or write their own values.
"""

from __future__ import annotations

import csv
import datetime
import importlib.util
import io
import json
import pickle
import sqlite3
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, is_dataclass
from pathlib import Path
from typing import Any, BinaryIO

from dagrun.io import storage
from dagrun.io.registry import REGISTRY, kind_of, save_to
from dagrun.io.storage import Location


@dataclass(frozen=True, slots=True)
class WrittenFile:
    """One output as written: where, in which format, its size and sha256."""

    node: str
    path: Location
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


def resolve_format(location: Location | None, explicit: str | None, value: Any) -> str:
    """The format to write ``value`` in: explicit, else by extension, else by type."""
    if explicit:
        return explicit
    if location is not None:
        by_extension = REGISTRY.by_extension(storage.suffix_of(location))
        if by_extension:
            return by_extension
    return REGISTRY.for_value(value)


def default_path(out_dir: Location, node: str, format: str) -> Location:
    """``OUT_DIR/<node>.<ext>`` for an output the run file gives no path."""
    return storage.join(out_dir, f"{node}{REGISTRY.get(format).extension}")


def write_output(
    node: str,
    value: Any,
    location: Location,
    format: str,
    staging: Path | None = None,
    options: dict[str, Any] | None = None,
) -> WrittenFile:
    """Write ``value`` to ``location`` in ``format``, atomically.

    Raises:
        TypeError, ValueError: the value cannot be written in that format.
        OSError: the file system or store refused.
    """
    fill = save_to(REGISTRY, format, value, options or {})
    size, digest = storage.write(location, fill, staging)
    return WrittenFile(node, location, format, size, digest)


def load(location: Location, format: str | None = None, kind: str | None = None, **options: Any):
    """The value stored at ``location``: format from ``format`` or the extension.

    Raises:
        InputError: no format can be told, or it cannot load as ``kind``.
        OSError: the file or object cannot be read.
    """
    from dagrun.errors import InputError

    name = format or REGISTRY.by_extension(storage.suffix_of(location))
    if name is None:
        raise InputError(
            f"cannot tell the format of {location} from its extension",
            hint=f"name it with format: (one of {', '.join(REGISTRY.names())})",
        )
    loader = REGISTRY.loader(name, kind)
    with storage.open_read(location) as handle:
        return loader(handle, **options)


# ---- text and json -----------------------------------------------------------------


def _save_txt(value: Any, handle: BinaryIO, encoding: str = "utf-8") -> None:
    if isinstance(value, bytes | bytearray | memoryview):
        handle.write(value)  # already text in some encoding: as it is, not its repr
    else:
        handle.write((value if isinstance(value, str) else str(value)).encode(encoding))


def _load_txt(handle: BinaryIO, encoding: str = "utf-8") -> str:
    return handle.read().decode(encoding)


def _save_json(value: Any, handle: BinaryIO, indent: int | None = 2, **options: Any) -> None:
    options.setdefault("allow_nan", False)  # NaN and Infinity are not JSON: refuse, never emit
    text = json.dumps(value, indent=indent, ensure_ascii=False, default=_json_default, **options)
    handle.write(text.encode("utf-8") + b"\n")


def _load_json(handle: BinaryIO, **options: Any) -> Any:
    return json.loads(handle.read().decode("utf-8"), **options)


def _json_default(value: Any) -> Any:
    if hasattr(value, "tolist"):  # numpy arrays and scalars
        return value.tolist()
    kind = type(value).__module__.partition(".")[0]
    if kind == "pandas" and hasattr(value, "to_dict"):
        return value.to_dict(orient="records") if value.ndim == 2 else value.to_dict()
    if kind == "polars" and hasattr(value, "to_dicts"):
        return value.to_dicts()
    if isinstance(value, (set, frozenset)):
        return sorted(value, key=repr)
    if isinstance(value, (datetime.date, datetime.datetime)):
        return value.isoformat()
    if isinstance(value, Path):
        return str(value)
    if is_dataclass(value) and not isinstance(value, type):
        return asdict(value)
    if hasattr(value, "model_dump"):  # pydantic models
        return value.model_dump(mode="json")
    raise TypeError(f"{type(value).__name__} is not JSON serialisable")


# ---- tables --------------------------------------------------------------------------


def _frame(value: Any) -> Any:
    import pandas

    if isinstance(value, pandas.DataFrame):
        return value
    if isinstance(value, pandas.Series):
        return value.to_frame()
    return pandas.DataFrame(value)


def _save_csv_pandas(value: Any, handle: BinaryIO, **options: Any) -> None:
    import pandas

    frame = _frame(value)
    options.setdefault("index", not isinstance(frame.index, pandas.RangeIndex))
    handle.write(frame.to_csv(**options).encode("utf-8"))


def _load_csv_pandas(handle: BinaryIO, **options: Any) -> Any:
    import pandas

    return pandas.read_csv(handle, **options)


def _load_csv_python(handle: BinaryIO, **options: Any) -> list[dict[str, str]]:
    return list(csv.DictReader(io.TextIOWrapper(handle, encoding="utf-8", newline=""), **options))


def _save_parquet_pandas(value: Any, handle: BinaryIO, **options: Any) -> None:
    _frame(value).to_parquet(handle, **options)


def _load_parquet_pandas(handle: BinaryIO, **options: Any) -> Any:
    import pandas

    return pandas.read_parquet(handle, **options)


def _save_feather_pandas(value: Any, handle: BinaryIO, **options: Any) -> None:
    frame = _frame(value)
    frame.reset_index(drop=True).to_feather(handle, **options)


def _load_feather_pandas(handle: BinaryIO, **options: Any) -> Any:
    import pandas

    return pandas.read_feather(handle, **options)


def _save_excel_pandas(value: Any, handle: BinaryIO, **options: Any) -> None:
    options.setdefault("index", False)
    _frame(value).to_excel(handle, **options)


def _load_excel_pandas(handle: BinaryIO, **options: Any) -> Any:
    import pandas

    return pandas.read_excel(handle, **options)


def _polars_saver(method: str):
    def save(value: Any, handle: BinaryIO, **options: Any) -> None:
        getattr(value.collect() if hasattr(value, "collect") else value, method)(handle, **options)

    save.__name__ = f"_save_polars_{method}"
    return save


def _polars_loader(function: str):
    def load(handle: BinaryIO, **options: Any) -> Any:
        import polars

        return getattr(polars, function)(handle, **options)

    load.__name__ = f"_load_polars_{function}"
    return load


# ---- python objects, arrays, bytes ---------------------------------------------------------


def _save_pickle(value: Any, handle: BinaryIO, protocol: int = pickle.HIGHEST_PROTOCOL) -> None:
    pickle.dump(value, handle, protocol=protocol)


def _load_pickle(handle: BinaryIO) -> Any:
    return pickle.load(handle)


def _save_npy(value: Any, handle: BinaryIO) -> None:
    import numpy

    numpy.save(handle, numpy.asarray(value), allow_pickle=False)


def _load_npy(handle: BinaryIO) -> Any:
    import numpy

    return numpy.load(io.BytesIO(handle.read()), allow_pickle=False)


def _save_bin(value: Any, handle: BinaryIO) -> None:
    if not isinstance(value, (bytes, bytearray, memoryview)):
        raise TypeError(f"the bin format takes bytes, got {type(value).__name__}")
    handle.write(value)


def _load_bin(handle: BinaryIO) -> bytes:
    return handle.read()


# ---- sqlite: a whole database file, built aside and written in one piece ---------------


def _save_sqlite(value: Any, handle: BinaryIO, table: str = "data", **options: Any) -> None:
    with tempfile.TemporaryDirectory(prefix="dagrun-sqlite-") as folder:
        path = Path(folder) / "db.sqlite"
        db = sqlite3.connect(path)
        try:
            with db:
                _fill_table(db, value, table, options)
        finally:
            db.close()
        handle.write(path.read_bytes())


def _fill_table(db: sqlite3.Connection, value: Any, table: str, options: dict[str, Any]) -> None:
    if kind_of(value) == "pandas":
        _frame(value).to_sql(table, db, index=options.pop("index", False), **options)
        return
    rows = list(value)
    if not rows or not all(isinstance(row, dict) for row in rows):
        raise TypeError("the sqlite format saves a DataFrame or a non-empty list of dicts")
    columns = list(rows[0])
    db.execute(f"CREATE TABLE {_quote(table)} ({', '.join(_quote(c) for c in columns)})")
    marks = ", ".join("?" for _ in columns)
    db.executemany(
        f"INSERT INTO {_quote(table)} VALUES ({marks})",
        [tuple(row.get(c) for c in columns) for row in rows],
    )


@contextmanager
def _open_sqlite(handle: BinaryIO) -> Iterator[sqlite3.Connection]:
    """The database in ``handle``, opened read-only from a private copy (it may be remote)."""
    with tempfile.TemporaryDirectory(prefix="dagrun-sqlite-") as folder:
        path = Path(folder) / "db.sqlite"
        path.write_bytes(handle.read())
        db = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            yield db
        finally:
            db.close()


def _sqlite_query(db: sqlite3.Connection, table: str | None, query: str | None) -> str:
    """The query to run: the one given, else all of ``table``, else of the only table."""
    if query is not None:
        return query
    if table is None:
        tables = [row[0] for row in db.execute("SELECT name FROM sqlite_master WHERE type='table'")]
        if len(tables) != 1:
            raise ValueError(
                f"the database has {len(tables)} tables ({', '.join(tables) or 'none'}); "
                "name one with table: or give a query:"
            )
        table = tables[0]
    return f"SELECT * FROM {_quote(table)}"


def _load_sqlite_python(
    handle: BinaryIO, table: str | None = None, query: str | None = None
) -> list[dict[str, Any]]:
    with _open_sqlite(handle) as db:
        db.row_factory = sqlite3.Row
        return [dict(row) for row in db.execute(_sqlite_query(db, table, query))]


def _load_sqlite_pandas(
    handle: BinaryIO, table: str | None = None, query: str | None = None, **options: Any
) -> Any:
    import pandas

    with _open_sqlite(handle) as db:
        return pandas.read_sql_query(_sqlite_query(db, table, query), db, **options)


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


# ---- the table ---------------------------------------------------------------------


def _frame_default(value: Any) -> str:
    return "parquet" if importlib.util.find_spec("pyarrow") else "csv"


def _register_builtins() -> None:
    r = REGISTRY
    r.add_format("txt", (".txt", ".text", ".md", ".log"))
    r.add_saver("txt", "any", _save_txt)
    r.add_loader("txt", "python", _load_txt)

    r.add_format("json", (".json",))
    r.add_saver("json", "any", _save_json)
    r.add_loader("json", "python", _load_json)

    r.add_format("csv", (".csv",), default_kind="pandas")
    for kind in ("pandas", "python"):
        r.add_saver("csv", kind, _save_csv_pandas)
    r.add_saver("csv", "polars", _polars_saver("write_csv"))
    r.add_loader("csv", "pandas", _load_csv_pandas)
    r.add_loader("csv", "polars", _polars_loader("read_csv"))
    r.add_loader("csv", "python", _load_csv_python)

    r.add_format("parquet", (".parquet", ".pq"), default_kind="pandas")
    for kind in ("pandas", "python"):
        r.add_saver("parquet", kind, _save_parquet_pandas)
    r.add_saver("parquet", "polars", _polars_saver("write_parquet"))
    r.add_loader("parquet", "pandas", _load_parquet_pandas)
    r.add_loader("parquet", "polars", _polars_loader("read_parquet"))

    r.add_format("feather", (".feather", ".arrow", ".ipc"), default_kind="pandas")
    for kind in ("pandas", "python"):
        r.add_saver("feather", kind, _save_feather_pandas)
    r.add_saver("feather", "polars", _polars_saver("write_ipc"))
    r.add_loader("feather", "pandas", _load_feather_pandas)
    r.add_loader("feather", "polars", _polars_loader("read_ipc"))

    r.add_format("excel", (".xlsx",), default_kind="pandas", requires="openpyxl")
    for kind in ("pandas", "python"):
        r.add_saver("excel", kind, _save_excel_pandas)
    r.add_loader("excel", "pandas", _load_excel_pandas)

    r.add_format("pickle", (".pkl", ".pickle"))
    r.add_saver("pickle", "any", _save_pickle)
    r.add_loader("pickle", "python", _load_pickle)

    r.add_format("npy", (".npy",), default_kind="numpy")
    r.add_saver("npy", "any", _save_npy)
    r.add_loader("npy", "numpy", _load_npy)

    r.add_format("bin", (".bin",))
    r.add_saver("bin", "any", _save_bin)
    r.add_loader("bin", "python", _load_bin)

    r.add_format("sqlite", (".sqlite", ".sqlite3", ".db"))
    for kind in ("pandas", "python"):
        r.add_saver("sqlite", kind, _save_sqlite)
    r.add_loader("sqlite", "python", _load_sqlite_python)
    r.add_loader("sqlite", "pandas", _load_sqlite_pandas)

    for scalar in (dict, list, int, float, bool, type(None)):
        r.set_default(scalar, lambda value: "json")
    r.set_default(str, lambda value: "txt")
    for raw in (bytes, bytearray, memoryview):
        r.set_default(raw, lambda value: "bin")
    r.set_default("pandas", lambda value: _frame_default(value) if _is_table(value) else None)
    r.set_default(
        "polars",
        lambda value: "parquet" if type(value).__name__ in ("DataFrame", "LazyFrame") else None,
    )
    r.set_default("numpy", lambda value: "npy" if type(value).__name__ == "ndarray" else None)


def _is_table(value: Any) -> bool:
    return type(value).__name__ in ("DataFrame", "Series")


_register_builtins()
