"""Importing flow modules named by file path or dotted name.

A file path is imported under a real module name with its folder on
``sys.path``, so a flow can import its sibling modules and pickles by reference
into worker processes. A file inside a package (folders with ``__init__.py``) is
imported as ``package.sub.module`` from the package's parent folder, so relative
imports work. Anything raised while importing becomes an ``InputError`` naming
the file and line where it happened (exit 2).
"""

from __future__ import annotations

import importlib
import importlib.util
import os
import re
import sys
import traceback
from collections.abc import Sequence
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING

from dagrun.errors import InputError
from dagrun.node import Origin

if TYPE_CHECKING:
    from dagrun.runspec import ModuleRef

_DOTTED = re.compile(r"^[A-Za-z_]\w*(\.[A-Za-z_]\w*)*$")


def load_modules(refs: Sequence[ModuleRef]) -> tuple[ModuleType, ...]:
    """Import every module ``refs`` name, in order, each once.

    Raises:
        InputError: a file does not exist, a name cannot be found, or the
            module raised while importing (``origin`` is the failing line).
    """
    modules: list[ModuleType] = []
    for ref in refs:
        module = load_module(ref)
        if module not in modules:
            modules.append(module)
    return tuple(modules)


def load_module(ref: ModuleRef) -> ModuleType:
    """Import one module named by a file path or a dotted name."""
    if is_path(ref.text, ref.base):
        return _load_file((ref.base / ref.text).resolve(), ref)
    return _load_dotted(ref)


def is_path(text: str, base: Path) -> bool:
    """Whether ``text`` names a file rather than a dotted module name."""
    return text.endswith(".py") or "/" in text or os.sep in text or not _DOTTED.match(text)


def _load_file(path: Path, ref: ModuleRef) -> ModuleType:
    if not path.is_file():
        raise InputError(
            f"flow module '{ref.text}' does not exist (looked for {display(path)})",
            origin=ref.source if ref.source.kind == "file" else None,
            hint="paths in a run file are relative to the run file; "
            "paths on the command line to the current directory",
        )
    root, name = package_root(path)
    _prepend_sys_path(root)
    existing = sys.modules.get(name)
    if existing is not None:
        return _same_file_or_error(existing, path, name)
    module = _import(name, path) if "." in name else _exec_file(name, path)
    return _same_file_or_error(module, path, name)


def package_root(path: Path) -> tuple[Path, str]:
    """The folder to put on ``sys.path`` for ``path`` and the module's dotted name."""
    parts = [path.stem]
    folder = path.parent
    while (folder / "__init__.py").is_file():
        parts.insert(0, folder.name)
        folder = folder.parent
    return folder, ".".join(parts)


def _exec_file(name: str, path: Path) -> ModuleType:
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec is not None and spec.loader is not None  # a .py file always has one
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    try:
        spec.loader.exec_module(module)
    except BaseException as error:
        sys.modules.pop(name, None)
        if isinstance(error, ImportError) and error.name == name:
            # The module is imported back by one it imports, before it has finished.
            raise import_error(error, display(path), _CIRCULAR) from error
        if isinstance(error, Exception):
            raise import_error(error, display(path)) from error
        raise
    return module


def _import(name: str, path: Path | None) -> ModuleType:
    try:
        return importlib.import_module(name)
    except Exception as error:
        label = display(path) if path else name
        raise import_error(error, label) from error


def _same_file_or_error(module: ModuleType, path: Path, name: str) -> ModuleType:
    loaded = getattr(module, "__file__", None)
    if loaded is not None and Path(loaded).resolve() == path:
        return module
    raise InputError(
        f"cannot load {display(path)} as module '{name}': that name is already "
        f"taken by {loaded or 'a built-in module'}",
        hint="rename the flow file so its name does not clash with an installed module",
    )


def _load_dotted(ref: ModuleRef) -> ModuleType:
    _prepend_sys_path(ref.base)
    try:
        spec = importlib.util.find_spec(ref.text)
    except (ImportError, ValueError):
        spec = None
    except Exception as error:  # a parent package raised while importing
        raise import_error(error, ref.text) from error
    if spec is None:
        raise InputError(
            f"no module named '{ref.text}'",
            origin=ref.source if ref.source.kind == "file" else None,
            hint=f"a dotted name must be importable from {display(ref.base)}; "
            "name a file with its .py ending instead",
        )
    return _import(ref.text, None)


def _prepend_sys_path(folder: Path) -> None:
    entry = str(folder)
    if entry not in sys.path:
        sys.path.insert(0, entry)


def import_error(error: Exception, label: str, hint: str | None = None) -> InputError:
    """An ``InputError`` for ``error`` raised while importing ``label``, at the failing line."""
    file, line = _failing_line(error)
    origin = Origin(module=label, file=display(Path(file)), line=line) if file else None
    return InputError(
        f"cannot import {label}: {type(error).__name__}: {_first_line(error)}",
        origin=origin,
        hint=hint or _import_hint(error),
    )


_CIRCULAR = (
    "a circular import: modules that import each other must not need each other's names "
    "while loading; move the shared functions into a third module"
)


def _failing_line(error: Exception) -> tuple[str | None, int]:
    if isinstance(error, SyntaxError) and error.filename and not error.filename.startswith("<"):
        return error.filename, error.lineno or 0
    frames = [
        frame
        for frame in traceback.extract_tb(error.__traceback__)
        if not frame.filename.startswith("<")
        and "importlib" not in frame.filename
        and not frame.filename.startswith(_OWN_DIR)
    ]
    if not frames:
        return None, 0
    return frames[-1].filename, frames[-1].lineno or 0


def _first_line(error: Exception) -> str:
    if isinstance(error, SyntaxError):
        return error.msg
    text = str(error)
    return text.splitlines()[0] if text else "(no message)"


def _import_hint(error: Exception) -> str:
    if isinstance(error, ModuleNotFoundError):
        return f"install '{error.name}' or check the import's spelling"
    if isinstance(error, SyntaxError):
        return "fix the syntax at that line"
    return "the module raised while being imported; fix the line shown"


def display(path: Path) -> str:
    """``path`` relative to the current directory when it is below it, for messages."""
    try:
        return str(path.resolve().relative_to(Path.cwd()))
    except ValueError:
        return str(path)


_OWN_DIR = str(Path(__file__).resolve().parent)
