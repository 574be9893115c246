"""Data in and out: one registry of formats, any fsspec location, every write atomic.

``save`` and ``load`` are what users call; ``register_format``,
``register_saver`` and ``register_loader`` teach dagrun a new format or type,
for the run file's outputs and inputs and for Hamilton's loaders and savers
alike. A location is a local path or a URL (``s3://bucket/key``).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from dagrun.io.atomic import atomic_write
from dagrun.io.formats import WrittenFile, default_path, load, resolve_format, write_output
from dagrun.io.registry import REGISTRY, Loader, Saver
from dagrun.io.sources import FileInput
from dagrun.io.storage import Location

__all__ = [
    "REGISTRY",
    "FileInput",
    "Location",
    "WrittenFile",
    "atomic_write",
    "default_path",
    "load",
    "register_format",
    "register_loader",
    "register_saver",
    "resolve_format",
    "save",
    "write_output",
]


def save(value: Any, location: Location, format: str | None = None, **options: Any) -> WrittenFile:
    """Write ``value`` to ``location`` (a path or URL) atomically; format from
    ``format``, the extension, or the value's type. ``options`` go to the saver."""
    if isinstance(location, str):
        from dagrun.io.storage import as_location

        location = as_location(location)
    fmt = resolve_format(location, format, value)
    return write_output(Path(str(location)).stem, value, location, fmt, options=options)


def register_format(name: str, extensions: tuple[str, ...] = (), *, requires: str | None = None):
    """Declare a new format (``register_format("toml", (".toml",))``) or more extensions."""
    return REGISTRY.add_format(name, extensions, requires=requires)


def register_saver(format: str, kind: type | str = "any") -> Callable[[Saver], Saver]:
    """Decorate ``saver(value, handle, **options)`` to save ``kind`` values in ``format``."""

    def register(saver: Saver) -> Saver:
        REGISTRY.add_saver(format, kind, saver)
        return saver

    return register


def register_loader(format: str, kind: str = "python") -> Callable[[Loader], Loader]:
    """Decorate ``loader(handle, **options)`` to load ``format`` as ``kind``."""

    def register(loader: Loader) -> Loader:
        REGISTRY.add_loader(format, kind, loader)
        return loader

    return register
