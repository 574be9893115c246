"""Apache Hamilton's driver API on dagrun's engine: port a script by its imports.

Every ``hamilton`` at the head of an import becomes ``dagrun.hamilton``::

    from hamilton import driver, base     ->  from dagrun.hamilton import driver, base
    from hamilton.lifecycle import api    ->  from dagrun.hamilton.lifecycle import api
    from hamilton.plugins import h_dask   ->  from dagrun.hamilton.plugins import h_dask

The modules here only adapt dagrun's own parts (``dagrun.Driver``, ``dagrun.hooks``,
the decorators) to Hamilton's names; ``docs/hamilton.md`` lists what is covered and
what to use for what is not. ``import dagrun`` does not load this package, and
loading it loads no pandas.
"""

from __future__ import annotations

import importlib
from typing import Any

from dagrun.hamilton import _paths
from dagrun.hamilton._support import NotSupported, UsageError, refusal

__all__ = ["NotSupported", "UsageError"]

_SUBMODULES = (
    "ad_hoc_utils",
    "async_driver",
    "base",
    "data_quality",
    "driver",
    "execution",
    "experimental",
    "function_modifiers",
    "graph_types",
    "htypes",
    "io",
    "lifecycle",
    "log_setup",
    "models",
    "plugins",
    "settings",
    "telemetry",
)

_paths.install()


def __getattr__(name: str) -> Any:
    if name in _SUBMODULES:
        return importlib.import_module(f"{__name__}.{name}")
    if name in _paths.REFUSED:
        raise ImportError(refusal(f"hamilton.{name}", _paths.advice_for(name)))
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted({*globals(), *_SUBMODULES})
