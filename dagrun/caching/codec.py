"""Results kept in a format of the io registry (``@cache(format="parquet")``) instead of pickled.

The stored bytes are what the format's saver writes, so the blob is a real
parquet or JSON file that other tools can open; a reuse reads it with the same
format's loader, as the kind of value it was (pandas, polars, numpy, python).
Formats come from the one registry (``dagrun.io.registry``), Hamilton's names
mapped onto it (``file`` is ``txt``). A value the format cannot hold, or that
would come back as another type (a Series as a one-column table, a dataclass as
a JSON object, an int as text), is refused when stored: ``FormatError``.
"""

from __future__ import annotations

import io
from collections.abc import Mapping
from typing import Any

from dagrun.errors import InputError
from dagrun.node import Node


class FormatError(Exception):
    """A value cannot be stored in the format its node asks for."""


def format_of(node: Node) -> str | None:
    """The registry name of the node's ``@cache(format=...)``, or None (pickled)."""
    record = node.meta.get("cache") if node.meta else None
    named = record.get("format") if isinstance(record, Mapping) else None
    return _registry_name(named) if named else None


def check_format(name: str) -> None:
    """Raise ``InputError`` (with a "did you mean") unless ``name`` can save and load here."""
    from dagrun.io.registry import REGISTRY

    spec = REGISTRY.get(_registry_name(name))
    if not spec.savers or not spec.loaders:
        raise InputError(
            f"the {spec.name} format cannot both save and load",
            hint="register both with dagrun.io.register_saver and register_loader",
        )


def encode(value: Any, format: str) -> tuple[bytes, str]:
    """``value`` as the bytes of a ``format`` file, and the codec to read it back with.

    The codec is ``"<format>:<kind>"``. The bytes are read back once, so a value
    that would come back changed in type is refused now rather than on reuse.

    Raises:
        FormatError: the format cannot save the value, load it as its kind, or
            gives back another type.
    """
    from dagrun.io.registry import REGISTRY, kind_of

    kind = kind_of(value)
    try:
        loader = REGISTRY.loader(format, kind)
    except InputError as error:
        raise FormatError(f"a {_type_name(value)} cannot be read back: {error}") from None
    buffer = io.BytesIO()
    try:
        REGISTRY.saver(format, value)(value, buffer)
    except Exception as error:  # the saver's refusal: no saver, NaN in JSON, mixed columns
        raise FormatError(f"writing a {_type_name(value)} as {format} failed: {error}") from error
    data = buffer.getvalue()
    back = loader(io.BytesIO(data))
    if type(back) is not type(value):
        raise FormatError(
            f"a {_type_name(value)} written as {format} comes back as a {_type_name(back)}"
        )
    return data, f"{format}:{kind}"


def decode(data: bytes, codec: str) -> Any:
    """The value ``encode`` turned into ``data`` with ``codec``."""
    from dagrun.io.registry import REGISTRY

    format, _, kind = codec.partition(":")
    return REGISTRY.loader(format, kind or None)(io.BytesIO(data))


def extension(format: str) -> str:
    """The file extension blobs of ``format`` get (``.parquet``), if it is a plain one."""
    from dagrun.io.registry import REGISTRY

    suffix = REGISTRY.get(format).extension
    plain = suffix[1:].isascii() and suffix[1:].isalnum() and len(suffix) <= 17
    return suffix if plain else ""


def _registry_name(name: str) -> str:
    from dagrun.io.materialize import registry_name

    return registry_name(name)


def _type_name(value: Any) -> str:
    kind = type(value)
    return kind.__name__ if kind.__module__ == "builtins" else f"{kind.__module__}.{kind.__name__}"
