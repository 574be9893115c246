"""Hamilton's ``hamilton.function_modifiers``: dagrun's decorators under their Hamilton names.

Each name is dagrun's own decorator (``dagrun.tag`` is
``dagrun.hamilton.function_modifiers.tag``), loaded on first use. Hamilton's
names for other parts of dagrun are here too: ``InvalidDecoratorException`` is
``dagrun.errors.DecoratorError`` (what a misused decorator raises), and
``LiteralDependency``/``UpstreamDependency`` the classes of ``value()``/``source()``.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

import dagrun

# A package for the import system, so that Hamilton's submodule paths
# (function_modifiers.metadata, .expanders, ...) resolve: dagrun/hamilton/_paths.py.
__path__: list[str] = []

if TYPE_CHECKING:
    from dagrun import (
        ParameterizedExtract,
        ResolveAt,
        apply_to,
        cache,
        check_output,
        check_output_custom,
        config,
        configuration,
        dataloader,
        datasaver,
        does,
        dynamic_transform,
        extract_columns,
        extract_fields,
        group,
        hamilton_exclude,
        inject,
        load_from,
        model,
        mutate,
        parameterize,
        parameterize_extract_columns,
        parameterize_sources,
        parameterize_values,
        parameterized_inputs,
        parameterized_subdag,
        parametrized,
        parametrized_input,
        pipe,
        pipe_input,
        pipe_output,
        resolve,
        resolve_from_config,
        save_to,
        schema,
        source,
        step,
        subdag,
        tag,
        tag_outputs,
        unpack_fields,
        value,
    )
    from dagrun.errors import DecoratorError as InvalidDecoratorException
    from dagrun.modifiers.dependencies import Source as UpstreamDependency
    from dagrun.modifiers.dependencies import Value as LiteralDependency

# Hamilton's tags on the check nodes of @check_output (graph_types shows them).
IS_DATA_VALIDATOR_TAG = "hamilton.data_quality.contains_dq_results"
DATA_VALIDATOR_ORIGINAL_OUTPUT_TAG = "hamilton.data_quality.source_node"

# Hamilton's names for dagrun parts that dagrun itself names otherwise.
_RENAMED = {
    "InvalidDecoratorException": ("dagrun.errors", "DecoratorError"),
    "LiteralDependency": ("dagrun.modifiers.dependencies", "Value"),
    "UpstreamDependency": ("dagrun.modifiers.dependencies", "Source"),
}

__all__ = [
    "DATA_VALIDATOR_ORIGINAL_OUTPUT_TAG",
    "IS_DATA_VALIDATOR_TAG",
    "InvalidDecoratorException",
    "LiteralDependency",
    "ParameterizedExtract",
    "ResolveAt",
    "UpstreamDependency",
    "apply_to",
    "cache",
    "check_output",
    "check_output_custom",
    "config",
    "configuration",
    "dataloader",
    "datasaver",
    "does",
    "dynamic_transform",
    "extract_columns",
    "extract_fields",
    "group",
    "hamilton_exclude",
    "inject",
    "load_from",
    "model",
    "mutate",
    "parameterize",
    "parameterize_extract_columns",
    "parameterize_sources",
    "parameterize_values",
    "parameterized_inputs",
    "parameterized_subdag",
    "parametrized",
    "parametrized_input",
    "pipe",
    "pipe_input",
    "pipe_output",
    "resolve",
    "resolve_from_config",
    "save_to",
    "schema",
    "source",
    "step",
    "subdag",
    "tag",
    "tag_outputs",
    "unpack_fields",
    "value",
]

def __getattr__(name: str) -> Any:
    if name in _RENAMED:
        module, own = _RENAMED[name]
        found = getattr(importlib.import_module(module), own)
        globals()[name] = found
        return found
    if name in __all__:
        found = getattr(dagrun, name)
        globals()[name] = found
        return found
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})
