"""What the Hamilton-named modules share: their two error classes, the engine
settings an adapter may ask for, and the refusal of names dagrun cannot honour.

The errors subclass dagrun's own ``InputError`` and the built-in class Hamilton
raises in the same place, so a ported script's ``except ValueError`` still
catches what it caught before, and dagrun's tools still see a dagrun error.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, fields, replace
from typing import Any

from dagrun.errors import InputError

DOC = "docs/hamilton.md"


class UsageError(InputError, ValueError):
    """A wrong request or a wrong use of the driver API, where Hamilton raises ``ValueError``."""


class NotSupported(InputError, NotImplementedError):
    """A Hamilton feature dagrun does not have; the message says what to use instead."""


def not_supported(what: str, instead: str) -> NotSupported:
    return NotSupported(f"{what} is not supported by dagrun", hint=f"{instead} (see {DOC})")


def as_usage_error(error: InputError) -> UsageError:
    """``error`` as a ``UsageError`` with the same message, node, origin and hint."""
    if isinstance(error, UsageError):
        return error
    return UsageError(error.message, node=error.node, origin=error.origin, hint=error.hint)


def refusal(what: str, instead: str) -> str:
    """The message for a Hamilton name or module path dagrun cannot honour."""
    return f"{what} is not supported by dagrun; instead, {instead} (see {DOC})"


def refusing(module: str, unsupported: Mapping[str, str]) -> Callable[[str], Any]:
    """A module ``__getattr__`` that names what to use instead of each Hamilton name dagrun lacks.

    It raises ``ImportError`` (not ``AttributeError``), so ``from ... import name``
    shows the message instead of Python's bare "cannot import name".
    """

    def __getattr__(name: str) -> Any:
        instead = unsupported.get(name)
        if instead is None:
            raise AttributeError(f"module {module!r} has no attribute {name!r}")
        raise ImportError(refusal(f"{module}.{name}", instead))

    return __getattr__


@dataclass(frozen=True, slots=True)
class Engine:
    """What an adapter or a builder setting asks of dagrun's engine; None: no wish."""

    executor: str | None = None
    max_workers: int | None = None
    address: str | None = None
    cache_dir: str | None = None

    def merged(self, other: Engine, source: str) -> Engine:
        """Both wishes together; two different wishes for one setting are refused."""
        changes: dict[str, Any] = {}
        for item in fields(self):
            mine, theirs = getattr(self, item.name), getattr(other, item.name)
            if theirs is None:
                continue
            if mine is not None and mine != theirs:
                raise UsageError(
                    f"{source} asks for {item.name}={theirs!r}, but {item.name}={mine!r} "
                    "was already set",
                    hint="dagrun runs a driver on one executor with one cache: keep one of them",
                )
            changes[item.name] = theirs
        return replace(self, **changes)


def engine_of(adapter: object) -> Engine | None:
    """The engine settings ``adapter`` asks for, if it is one that does."""
    ask = getattr(adapter, "dagrun_engine", None)
    return ask() if callable(ask) else None
