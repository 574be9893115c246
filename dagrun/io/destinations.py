"""Where a run's outputs go, and writing them there: one file per output, each atomic.

An output is written to ``OUT_DIR/<node>.<ext>`` unless its ``OutputTarget``
names a path or format, or says ``write=False`` (computed and reported only).
A write that fails fails that output, not the others.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from dagrun.errors import DagrunError, InputError, NodeError
from dagrun.io import storage
from dagrun.io.formats import default_path, resolve_format, write_output
from dagrun.io.storage import Location

if TYPE_CHECKING:
    from dagrun.graph import Graph


@dataclass(frozen=True, slots=True)
class OutputTarget:
    """Where one output goes: ``write=False`` computes and reports it without a file."""

    path: Location | None = None  # under OUT_DIR, absolute, or a URL; None: OUT_DIR/<node>.<ext>
    format: str | None = None  # None: from the extension, else from the value's type
    write: bool = True
    options: Mapping[str, Any] | None = None  # passed to the format's saver


_DEFAULT = OutputTarget()


def destination(
    out_dir: Location, targets: Mapping[str, OutputTarget], name: str, value: Any = None
) -> tuple[Location, str] | None:
    """Where output ``name`` is written and in which format; None when it is only reported."""
    target = targets.get(name, _DEFAULT)
    if not target.write:
        return None
    fmt = resolve_format(target.path, target.format, value)
    if target.path is None:
        return default_path(out_dir, name, fmt), fmt
    if storage.is_url(target.path) or Path(target.path).is_absolute():
        return target.path, fmt
    return storage.join(out_dir, target.path), fmt


def planned_destination(
    out_dir: Location, targets: Mapping[str, OutputTarget], name: str
) -> str | None:
    """Where ``name`` will go, said before its value exists (the extension may depend on it)."""
    target = targets.get(name, _DEFAULT)
    if not target.write:
        return None
    if target.format or target.path:
        found = destination(out_dir, targets, name)
        return str(found[0]) if found else None
    return str(storage.join(out_dir, f"{name}.<ext by value type>"))


def check_contained(
    out_dir: Location, targets: Mapping[str, OutputTarget], graph: Graph, outputs: Sequence[str]
) -> None:
    """Refuse outputs whose default file would land outside ``out_dir`` (a name like ``../x``).

    A path named explicitly may go anywhere: the user wrote it.
    """
    for name in outputs:
        target = targets.get(name, _DEFAULT)
        if target.path is not None or not target.write:
            continue
        if name != Path(name).name or name in ("", ".", "..") or "\\" in name or "\0" in name:
            node = graph.nodes.get(name)
            raise InputError(
                f"output '{name}' would be written outside the output folder {out_dir}",
                node=name,
                origin=node.origin if node else None,
                hint=f"give it an explicit path in the run file (outputs: {{'{name}': FILE}}) "
                "or rename the node",
            )


def check_destinations(
    out_dir: Location,
    targets: Mapping[str, OutputTarget],
    outputs: Sequence[str],
    state: Path | None = None,
) -> None:
    """Refuse, before anything runs, destinations that cannot or must not be written.

    A URL whose protocol library is missing or whose bucket does not exist; a
    path inside the state dir (the cache and the history live there); two
    outputs with one destination, or one named like the run record (one value
    would be lost); an existing destination that is not a regular file (a
    symlink, FIFO or device is never replaced).

    Raises:
        InputError: the first such destination, naming the output.
    """
    from dagrun.runs import RECORD_NAME

    record = storage.join(out_dir, RECORD_NAME)
    seen: dict[str, str] = {str(record): "the run record"}
    for name in outputs:
        found = _known_destination(out_dir, targets, name)
        if found is None:
            continue
        key = str(found if storage.is_url(found) else Path(found).absolute())
        if key in seen:
            raise InputError(
                f"output '{name}' would be written to {found}, where {seen[key]} goes",
                node=name,
                hint="give each output its own path in the run file's outputs:",
            )
        seen[key] = f"output '{name}'"
        if not storage.is_url(found):
            _check_local(Path(found), name, state)
    folders = [out_dir]
    folders += [_folder_of(t.path) for t in targets.values() if t.write and t.path is not None]
    for folder in dict.fromkeys(str(f) for f in folders if storage.is_url(f)):
        storage.check_protocol(folder)
        storage.check_out_folder(folder)


def _folder_of(location: Location) -> Location:
    text = str(location)
    return text.rsplit("/", 1)[0] if storage.is_url(text) else location


def _known_destination(
    out_dir: Location, targets: Mapping[str, OutputTarget], name: str
) -> Location | None:
    """The destination when it does not wait for the value (explicit path or format)."""
    target = targets.get(name, _DEFAULT)
    if not target.write or (target.path is None and target.format is None):
        return None
    found = destination(out_dir, targets, name)
    return found[0] if found else None


def _check_local(path: Path, name: str, state: Path | None) -> None:
    resolved = path.resolve()
    if state is not None and resolved.is_relative_to(state.resolve()):
        raise InputError(
            f"output '{name}' would be written to {path}, inside dagrun's state dir {state}",
            node=name,
            hint="the cache and the run history live there; choose a path outside it",
        )
    if path.is_symlink() or (path.exists() and not path.is_file()):
        kind = "a symlink" if path.is_symlink() else "not a regular file"
        raise InputError(
            f"output '{name}' would replace {path}, which is {kind}",
            node=name,
            hint="dagrun only replaces regular files; choose another path",
        )


def write_outputs(
    values: Mapping[str, Any],
    out_dir: Location,
    targets: Mapping[str, OutputTarget],
    graph: Graph,
    staging: Path | None = None,
) -> tuple[dict[str, dict[str, Any]], dict[str, DagrunError]]:
    """Write each computed output; returns what was written and the writes that failed."""
    from dagrun.runs import RECORD_NAME

    written: dict[str, dict[str, Any]] = {}
    errors: dict[str, DagrunError] = {}
    taken = {str(storage.join(out_dir, RECORD_NAME)): "the run record"}
    for name, value in values.items():
        target = destination(out_dir, targets, name, value)
        if target is None:
            written[name] = {
                "path": None,
                "format": None,
                "bytes": None,
                "sha256": None,
                "repr": repr(value)[:200],
            }
            continue
        refusal = _refusal(target[0], taken)
        if refusal is not None:
            errors[name] = _write_error(graph, name, target, FileExistsError(refusal))
            continue
        taken[str(target[0])] = f"output '{name}'"
        try:
            written[name] = write_output(
                name, value, *target, staging=staging, options=_options(targets, name)
            ).to_dict()
        except Exception as raw:  # a saver's own error, or the disk's: this output fails
            errors[name] = _write_error(graph, name, target, raw)
    return written, errors


def _refusal(location: Location, taken: Mapping[str, str]) -> str | None:
    """Why ``location`` must not be written now: another output's or the record's, or not
    a regular file (a value's type chose its extension, so this shows only at write time)."""
    if str(location) in taken:
        return f"{location} is where {taken[str(location)]} goes"
    path = None if storage.is_url(location) else Path(location)
    if path is not None and (path.is_symlink() or (path.exists() and not path.is_file())):
        return f"{path} is not a regular file; dagrun only replaces regular files"
    return None


def _options(targets: Mapping[str, OutputTarget], name: str) -> dict[str, Any]:
    target = targets.get(name)
    return dict(target.options or {}) if target is not None else {}


_FORMAT_HINT = "give the output another format in the run file (outputs: {name: {format: ...}})"
_PATH_HINT = "give each output its own path, to a regular file, in the run file's outputs:"
_WRITE_HINT = "free some space or make the folder writable, or choose another one with -o"


def _write_error(
    graph: Graph, name: str, target: tuple[Location, str], raw: Exception
) -> NodeError:
    node = graph.nodes.get(name)
    error = NodeError(
        f"cannot write output '{name}' to {target[0]} as {target[1]}: {type(raw).__name__}: {raw}",
        node=name,
        origin=node.origin if node else None,
        hint=_PATH_HINT
        if isinstance(raw, FileExistsError)
        else _WRITE_HINT
        if isinstance(raw, OSError)
        else _FORMAT_HINT,
    )
    error.__cause__ = raw
    return error
