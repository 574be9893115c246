"""The one table of data formats: which formats exist, and how each type is saved and loaded.

Everything that reads or writes user data asks this registry: the run file's
``outputs:`` and file inputs, ``dagrun.io.save``/``load``, and Hamilton's
``@load_from``/``@save_to``/``to``/``from_``. A format has a name and its file
extensions; savers are found by the value's type (its class or a base class, then
its library: ``pandas``, ``polars``, ``numpy``, else ``python``), loaders by the
type asked for (``pandas``, ``polars``, ``numpy``, ``python``), else the
format's own default. Users add formats and types with the same three calls
dagrun's built-in formats use (``dagrun.io.formats``).
"""

from __future__ import annotations

import importlib.util
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, BinaryIO

from dagrun.errors import InputError, did_you_mean

Saver = Callable[..., None]
"""``saver(value, handle, **options)``: writes ``value`` to the open binary ``handle``."""
Loader = Callable[..., Any]
"""``loader(handle, **options) -> value``: reads the open binary ``handle``."""

KINDS = ("pandas", "polars", "numpy", "python")


@dataclass(slots=True)
class Format:
    """One format: its name, file extensions (the first is used for new files) and savers/loaders.

    ``requires`` names a module the format needs (``openpyxl`` for excel); the
    format is listed but refused, naming the package, when it is missing.
    """

    name: str
    extensions: tuple[str, ...]
    default_kind: str = "python"
    requires: str | None = None
    savers: dict[type | str, Saver] = field(default_factory=dict)
    loaders: dict[str, Loader] = field(default_factory=dict)

    @property
    def extension(self) -> str:
        return self.extensions[0] if self.extensions else ""

    def available(self) -> bool:
        return self.requires is None or importlib.util.find_spec(self.requires) is not None


def kind_of(value: Any) -> str:
    """The library a value belongs to (``pandas``, ``polars``, ``numpy``), else ``python``.

    Read off the class's module, so recognising a type never imports its library.
    """
    library = type(value).__module__.partition(".")[0]
    return library if library in ("pandas", "polars", "numpy") else "python"


class Registry:
    """Formats by name and extension, with a default format per value type."""

    def __init__(self) -> None:
        self._formats: dict[str, Format] = {}
        self._extensions: dict[str, str] = {}
        self._defaults: dict[type | str, Callable[[Any], str | None]] = {}

    # ---- adding ------------------------------------------------------------------

    def add_format(
        self,
        name: str,
        extensions: tuple[str, ...] = (),
        *,
        default_kind: str = "python",
        requires: str | None = None,
    ) -> Format:
        """Declare a format (or extend an existing one's extensions)."""
        known = self._formats.get(name)
        if known is None:
            known = self._formats[name] = Format(name, (), default_kind, requires)
        new = tuple(e.lower() if e.startswith(".") else f".{e.lower()}" for e in extensions)
        known.extensions = (*known.extensions, *(e for e in new if e not in known.extensions))
        for extension in new:
            self._extensions[extension] = name
        return known

    def add_saver(self, format: str, kind: type | str, saver: Saver) -> None:
        """Save values of ``kind`` (a class, or a library name: ``"pandas"``) in ``format``."""
        self._known(format).savers[kind] = saver

    def add_loader(self, format: str, kind: str, loader: Loader) -> None:
        """Load ``format`` as ``kind`` (``"pandas"``, ``"polars"``, ``"numpy"``, ``"python"``)."""
        self._known(format).loaders[kind] = loader

    def set_default(self, kind: type | str, choose: Callable[[Any], str | None]) -> None:
        """The format a value of ``kind`` gets when nothing else says: ``choose(value)``."""
        self._defaults[kind] = choose

    # ---- finding -----------------------------------------------------------------

    def names(self) -> list[str]:
        return list(self._formats)

    def get(self, name: str, where: str | None = None) -> Format:
        """The format called ``name``, usable here.

        Raises:
            InputError: no such format (with a "did you mean"), or its library is missing.
        """
        place = f"{where}: " if where else ""
        found = self._formats.get(name)
        if found is None:
            by_extension = self.by_extension(f".{name.lstrip('.')}")
            close = (
                f"did you mean '{by_extension}'? ('{name}' is its file extension)"
                if by_extension
                else did_you_mean(name, self._formats)
            )
            raise InputError(
                f"{place}unknown format '{name}'",
                hint=close
                or f"the formats are {', '.join(self._formats)}; "
                "register a new one with dagrun.io.register_format",
            )
        if not found.available():
            raise InputError(
                f"{place}the {name} format needs the '{found.requires}' package, "
                "which is not installed",
                hint=f"pip install {found.requires}",
            )
        return found

    def by_extension(self, suffix: str) -> str | None:
        """The format a file extension (``.csv``) names, if any."""
        return self._extensions.get(suffix.lower())

    def for_value(self, value: Any) -> str:
        """The format a value gets by its type when nothing else says."""
        for kind in (*type(value).__mro__, kind_of(value)):
            choose = self._defaults.get(kind)
            chosen = choose(value) if choose is not None else None
            if chosen is not None:
                return chosen
        return "pickle"

    def saver(self, format: str, value: Any) -> Saver:
        """How to save ``value`` in ``format``.

        Raises:
            TypeError: the format has no saver for the value's type.
        """
        spec = self.get(format)
        for kind in (*type(value).__mro__, kind_of(value), "any"):
            saver = spec.savers.get(kind)
            if saver is not None:
                return saver
        raise TypeError(
            f"the {format} format cannot save a {type(value).__module__}.{type(value).__name__}"
            f" (it saves {', '.join(_kind_name(k) for k in spec.savers) or 'nothing'}); "
            "register a saver with dagrun.io.register_saver"
        )

    def loader(self, format: str, kind: str | None = None, where: str | None = None) -> Loader:
        """How to load ``format`` as ``kind`` (None: the format's default kind).

        Raises:
            InputError: unknown format, or no loader for that kind.
        """
        spec = self.get(format, where)
        kind = kind or spec.default_kind
        loader = spec.loaders.get(kind)
        if loader is None:
            place = f"{where}: " if where else ""
            raise InputError(
                f"{place}the {format} format cannot be loaded as {kind}",
                hint=f"it loads as {', '.join(spec.loaders) or 'nothing'}; "
                "register a loader with dagrun.io.register_loader",
            )
        return loader

    def _known(self, format: str) -> Format:
        if format not in self._formats:
            self.add_format(format)
        return self._formats[format]


def _kind_name(kind: type | str) -> str:
    return kind if isinstance(kind, str) else kind.__name__


def save_to(registry: Registry, format: str, value: Any, options: Mapping[str, Any]) -> Saver:
    """A ``fill(handle)`` that saves ``value`` in ``format`` with ``options``."""
    saver = registry.saver(format, value)

    def fill(handle: BinaryIO) -> None:
        saver(value, handle, **options)

    return fill


REGISTRY = Registry()
"""The registry dagrun and its users share (filled by ``dagrun.io.formats``)."""
