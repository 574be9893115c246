"""Hamilton's module paths that have no module file here, in one place.

A ported script imports ``dagrun.hamilton.<path>`` wherever Hamilton's had
``hamilton.<path>``. Paths with a file here import that file. For the others
``PathFinder`` (last on ``sys.meta_path``, so real modules always win) either
aliases the path to the module that holds its names (``function_modifiers.metadata``
looks its names up in ``function_modifiers``) or raises an ``ImportError`` that says what to use
instead, never Python's bare "No module named".
"""

from __future__ import annotations

import importlib
import importlib.abc
import importlib.machinery
import sys
from types import ModuleType

from dagrun.hamilton._support import refusal

PACKAGE = "dagrun.hamilton"

# Hamilton's function_modifiers submodules: every name they hold is in ours.
ALIASES = {
    f"function_modifiers.{sub}": "function_modifiers"
    for sub in (
        "adapters",
        "base",
        "configuration",
        "delayed",
        "dependencies",
        "expanders",
        "macros",
        "metadata",
        "recursive",
        "validation",
    )
}

_HOOK = "write a lifecycle.api.NodeExecutionHook or GraphExecutionHook that reports there"
_PROGRESS = "`dagrun execute` shows progress; or write a lifecycle.api.NodeExecutionHook"
_FORMATS = (
    "teach dagrun the type with dagrun.io.register_saver / register_loader / "
    "register_format, then use to.<format> / from_.<format>"
)
_PROCESSES = (
    "use execution.executors.MultiProcessingExecutor or plugins.h_dask "
    "(Builder().enable_dynamic_execution(...).with_remote_executor(...))"
)
_SPARK = "run Spark inside the functions (dagrun has no Spark executor)"
_COPY = "copy the dataflow's module into your project and pass it to with_modules"

# A path not listed takes the advice of its longest listed prefix.
REFUSED = {
    "caching": "use driver.Builder().with_cache(path=...): dagrun's cache takes a folder and "
    "@cache(behavior=...) on the functions; inspect it with `dagrun cache`",
    "cli": "use the `dagrun` command",
    "contrib": _COPY,
    "dataflows": _COPY,
    "dev_utils": "use dagrun.hamilton.function_modifiers",
    "execution": "use execution.executors (SynchronousLocalTaskExecutor, "
    "MultiThreadingExecutor, MultiProcessingExecutor)",
    "experimental": "use driver.Builder() with the adapters listed in docs/hamilton.md",
    "experimental.decorators": "use function_modifiers.parameterize_extract_columns",
    "experimental.h_async": "use dagrun.hamilton.async_driver (AsyncDriver, Builder)",
    "experimental.h_dask": "use plugins.h_dask",
    "experimental.h_ray": _PROCESSES,
    "experimental.h_spark": _SPARK,
    "function_modifiers": "use the decorators of dagrun.hamilton.function_modifiers",
    "graph": "use driver.Driver's list_available_variables() and what_is_*_of()",
    "io": "use io.materialization (to, from_) and dagrun.io.register_format / "
    "register_saver / register_loader for new formats",
    "lifecycle": "use the hooks of dagrun.hamilton.lifecycle",
    "node": "use graph_types.HamiltonNode (from list_available_variables())",
    "plugins": "use the plugins listed in docs/hamilton.md (h_dask, h_diskcache, "
    "h_threadpool, h_pandas, h_polars, h_polars_lazyframe, h_narwhals, h_pandera, h_pydantic)",
    "plugins.dlt_extensions": _FORMATS,
    "plugins.h_async": "use dagrun.hamilton.async_driver (AsyncDriver, Builder)",
    "plugins.h_cache": "use experimental.h_cache.CachingGraphAdapter or "
    "driver.Builder().with_cache(path=...)",
    "plugins.h_ddog": _HOOK,
    "plugins.h_experiments": "dagrun records every Driver.run under its state folder; "
    "compare runs with the `dagrun` command",
    "plugins.h_kedro": "move the Kedro nodes' functions into a module and pass it to with_modules",
    "plugins.h_logging": _HOOK,
    "plugins.h_mlflow": _HOOK,
    "plugins.h_openlineage": _HOOK,
    "plugins.h_opentelemetry": _HOOK,
    "plugins.h_pyarrow": "use base.DictResult and build the table with pyarrow.table(...)",
    "plugins.h_ray": _PROCESSES,
    "plugins.h_rich": _PROGRESS,
    "plugins.h_schema": "record a frame's columns with function_modifiers.schema.output and "
    "check them with check_output(schema=...) (a pandera schema)",
    "plugins.h_slack": _HOOK,
    "plugins.h_spark": _SPARK,
    "plugins.h_tqdm": _PROGRESS,
    "plugins.h_vaex": "use base.DictResult and build the vaex frame from it",
    "plugins.ibis_extensions": _FORMATS,
    "plugins.matplotlib_extensions": _FORMATS,
    "plugins.vaex_extensions": _FORMATS,
    "plugins.xgboost_extensions": _FORMATS,
    "registry": "register new formats with dagrun.io.register_format / register_saver / "
    "register_loader",
}

_GENERIC = "use the counterparts listed in docs/hamilton.md"


def advice_for(path: str) -> str:
    """What to use instead of ``hamilton.<path>``: its own advice or its nearest listed parent's."""
    parts = path.split(".")
    for end in range(len(parts), 0, -1):
        advice = REFUSED.get(".".join(parts[:end]))
        if advice is not None:
            return advice
    return _GENERIC


class _Alias(importlib.abc.Loader):
    """Makes the aliased path a module whose every name is looked up in the target module."""

    def __init__(self, path: str, target: str) -> None:
        self.path, self.target = path, target

    def create_module(self, spec: importlib.machinery.ModuleSpec) -> None:
        """The default: a new, empty module."""

    def exec_module(self, module: ModuleType) -> None:
        target = importlib.import_module(self.target)
        module.__doc__ = f"Hamilton's path for names in {self.target}."

        def __getattr__(name: str) -> object:
            if name.startswith("__"):  # the module's own dunders, not the target's
                raise AttributeError(f"module {module.__name__!r} has no attribute {name!r}")
            try:
                return getattr(target, name)
            except AttributeError:
                what = f"hamilton.{self.path}.{name}"
                raise ImportError(refusal(what, advice_for(self.path))) from None

        module.__getattr__ = __getattr__  # type: ignore[method-assign]
        module.__dir__ = lambda: dir(target)  # type: ignore[method-assign]


class PathFinder(importlib.abc.MetaPathFinder):
    """Answers for ``dagrun.hamilton.*`` paths that no module file here provides."""

    def find_spec(
        self, fullname: str, path: object = None, target: object = None
    ) -> importlib.machinery.ModuleSpec | None:
        if not fullname.startswith(PACKAGE + "."):
            return None
        hamilton_path = fullname[len(PACKAGE) + 1 :]
        alias = ALIASES.get(hamilton_path)
        if alias is not None:
            return importlib.machinery.ModuleSpec(
                fullname, _Alias(hamilton_path, f"{PACKAGE}.{alias}")
            )
        raise ImportError(
            refusal(f"hamilton.{hamilton_path}", advice_for(hamilton_path)), name=fullname
        )


def install() -> None:
    """Put the finder last on ``sys.meta_path``, once."""
    if not any(isinstance(finder, PathFinder) for finder in sys.meta_path):
        sys.meta_path.append(PathFinder())
