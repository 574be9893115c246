"""Inputs read from files or objects: ``inputs: {survey: {path: data/survey.parquet}}``.

A ``FileInput`` is a value the run loads before any node runs, through the one
registry (format from ``format`` or the extension, ``kind`` the type to load
as, ``options`` for the loader). The cache sees the file's content, not its
name, so editing the data reruns exactly what reads it; ``--dry-run`` reads
only the fingerprint, never the data.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from dagrun.errors import InputError
from dagrun.io import storage
from dagrun.io.registry import REGISTRY
from dagrun.io.storage import Location


@dataclass(frozen=True, slots=True)
class FileInput:
    """An input whose value is the content at ``location``.

    Args:
        location: a path (relative ones start from the run file's folder) or a URL.
        format: the registry's format name; None: from the extension.
        kind: the type to load as (``pandas``, ``polars``, ``numpy``, ``python``);
            None: the format's default.
        options: keyword arguments for the loader (``sep: ";"``, ``query: ...``).
        where: the run-file line that named it, for errors.
    """

    location: Location
    format: str | None = None
    kind: str | None = None
    options: Mapping[str, Any] = field(default_factory=dict)
    where: str | None = None

    @property
    def format_name(self) -> str:
        """The format, checked: explicit, else the extension's.

        Raises:
            InputError: unknown format, or one the extension does not tell.
        """
        name = self.format or REGISTRY.by_extension(storage.suffix_of(self.location))
        if name is None:
            raise InputError(
                f"{self._place()}cannot tell the format of {self.location} from its extension",
                hint=f"add format: (one of {', '.join(REGISTRY.names())})",
            )
        REGISTRY.loader(name, self.kind, self.where)
        return name

    def check(self) -> None:
        """Refuse, before anything runs, a source that cannot be read.

        Raises:
            InputError: unknown format or kind, missing protocol library, or no such file.
        """
        self.format_name  # noqa: B018 - checks the format and kind
        storage.check_protocol(self.location, self.where)
        if not storage.exists(self.location):
            raise InputError(
                f"{self._place()}input file {self.location} does not exist",
                hint="check the path (relative paths start from the run file's folder)",
            )

    def fingerprint(self) -> str:
        """The content's fingerprint with how it is read (format, kind, options)."""
        try:
            content = storage.fingerprint(self.location)
        except OSError as error:
            raise self._unreadable(error) from None
        how = json.dumps([self.format_name, self.kind, dict(self.options)], default=repr)
        return hashlib.sha256(f"{content}\0{how}".encode()).hexdigest()

    def load(self) -> Any:
        """The value, read with the format's loader.

        Raises:
            InputError: the file cannot be read or parsed.
        """
        loader = REGISTRY.loader(self.format_name, self.kind, self.where)
        try:
            with storage.open_read(self.location) as handle:
                return loader(handle, **self.options)
        except InputError:
            raise
        except Exception as error:  # any loader's own error: say which file and format
            raise self._unreadable(error) from None

    def describe(self) -> str:
        return str(self.location)

    def _place(self) -> str:
        return f"{self.where}: " if self.where else ""

    def _unreadable(self, error: Exception) -> InputError:
        return InputError(
            f"{self._place()}cannot read input file {self.location} as "
            f"{self.format or 'its extension says'}: {type(error).__name__}: {error}",
            hint="check the file, or its format:/options: in the run file",
        )


def file_inputs(values: Mapping[str, Any]) -> dict[str, FileInput]:
    """The inputs among ``values`` that are read from files."""
    return {name: value for name, value in values.items() if isinstance(value, FileInput)}
