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

from dagrun.hamilton._support import NotSupported, UsageError, refusing

__all__ = ["NotSupported", "UsageError"]

_SUBMODULES = (
    "base",
    "data_quality",
    "driver",
    "execution",
    "function_modifiers",
    "graph_types",
    "htypes",
    "lifecycle",
    "plugins",
    "telemetry",
)

_refuse = refusing(
    __name__,
    {
        "ad_hoc_utils": "put the functions in a module file and pass the module",
        "caching": "use driver.Builder().with_cache(path=...); inspect it with `dagrun cache`",
        "dataflows": "copy the dataflow's module into your project",
        "contrib": "copy the dataflow's module into your project",
        "experimental": "use driver.Builder() with the adapters in docs/hamilton.md",
    },
)


def __getattr__(name: str) -> Any:
    if name in _SUBMODULES:
        return importlib.import_module(f"{__name__}.{name}")
    return _refuse(name)


def __dir__() -> list[str]:
    return sorted({*globals(), *_SUBMODULES})
