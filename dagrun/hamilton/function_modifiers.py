"""Hamilton's ``hamilton.function_modifiers``: dagrun's decorators under their Hamilton names.

Each name is dagrun's own decorator (``dagrun.tag`` is
``dagrun.hamilton.function_modifiers.tag``), loaded on first use.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import dagrun
from dagrun.hamilton._support import refusing

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
        extract_columns,
        extract_fields,
        group,
        hamilton_exclude,
        inject,
        load_from,
        mutate,
        parameterize,
        parameterize_extract_columns,
        parameterize_sources,
        parameterize_values,
        parameterized_subdag,
        pipe,
        pipe_input,
        pipe_output,
        resolve,
        resolve_from_config,
        save_to,
        source,
        step,
        subdag,
        tag,
        tag_outputs,
        unpack_fields,
        value,
    )

__all__ = [
    "ParameterizedExtract",
    "ResolveAt",
    "apply_to",
    "cache",
    "check_output",
    "check_output_custom",
    "config",
    "configuration",
    "dataloader",
    "datasaver",
    "does",
    "extract_columns",
    "extract_fields",
    "group",
    "hamilton_exclude",
    "inject",
    "load_from",
    "mutate",
    "parameterize",
    "parameterize_extract_columns",
    "parameterize_sources",
    "parameterize_values",
    "parameterized_subdag",
    "pipe",
    "pipe_input",
    "pipe_output",
    "resolve",
    "resolve_from_config",
    "save_to",
    "source",
    "step",
    "subdag",
    "tag",
    "tag_outputs",
    "unpack_fields",
    "value",
]

_refuse = refusing(
    __name__,
    {
        "InvalidDecoratorException": "dagrun raises dagrun.GraphError for a misused decorator",
        "parametrized": "use @parameterize_values",
        "parameterized_inputs": "use @parameterize_sources",
        "parametrized_input": "use @parameterize_sources",
        "dynamic_transform": "write the function out",
        "model": "write the function out",
        "schema": "record the schema with @tag",
        "LiteralDependency": "use value(...)",
        "UpstreamDependency": "use source(...)",
    },
)


def __getattr__(name: str) -> Any:
    if name in __all__:
        found = getattr(dagrun, name)
        globals()[name] = found
        return found
    return _refuse(name)


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})
