"""dagrun: declarative Python functions to a validated DAG to results, fast.

A function's name is the value it produces; its parameters are the values it
needs. ``Driver`` builds and validates the graph; ``dagrun execute`` runs it
from a YAML run file. Importing dagrun loads no pandas, networkx or pydantic.
"""

from typing import TYPE_CHECKING, Any

from dagrun.driver import Driver
from dagrun.errors import (
    DagrunError,
    DataValidationError,
    GraphError,
    InputError,
    NodeError,
    ResourceError,
)
from dagrun.node import NodeInfo
from dagrun.parallel import Collect, Parallelizable

__version__ = "0.1.0"

# Decorators load on first use (``from dagrun import tag`` loads only the tags
# family), so ``import dagrun`` and ``dagrun --help`` stay quick.
_DECORATORS = {
    "dagrun.modifiers.checks": ("CheckResult", "check_output", "check_output_custom"),
    "dagrun.modifiers.config": ("config",),
    "dagrun.modifiers.data_io": ("dataloader", "datasaver", "load_from", "save_to"),
    "dagrun.modifiers.delayed": ("ResolveAt", "resolve", "resolve_from_config"),
    "dagrun.modifiers.dynamic": ("dynamic_transform", "model"),
    "dagrun.modifiers.dependencies": ("configuration", "group", "source", "value"),
    "dagrun.modifiers.exclude": ("hamilton_exclude",),
    "dagrun.modifiers.extract": ("extract_columns", "extract_fields", "unpack_fields"),
    "dagrun.modifiers.legacy": ("parameterized_inputs", "parametrized", "parametrized_input"),
    "dagrun.modifiers.mutate": ("apply_to", "mutate"),
    "dagrun.modifiers.parameterize": (
        "does",
        "inject",
        "parameterize",
        "parameterize_sources",
        "parameterize_values",
    ),
    "dagrun.modifiers.parameterize_extract": (
        "ParameterizedExtract",
        "parameterize_extract_columns",
    ),
    "dagrun.modifiers.pipe": ("pipe", "pipe_input", "pipe_output", "step"),
    "dagrun.modifiers.runtime": ("retry", "timeout"),
    "dagrun.modifiers.schema": ("schema",),
    "dagrun.modifiers.subdag": ("parameterized_subdag", "subdag"),
    "dagrun.modifiers.tags": ("accept_error_sentinels", "cache", "tag", "tag_outputs"),
    "dagrun.modifiers.validators": ("DataValidator", "ValidationResult"),
    "dagrun.modifiers.with_columns": ("with_columns",),
}
_HOME = {name: module for module, names in _DECORATORS.items() for name in names}

if TYPE_CHECKING:
    from dagrun.modifiers.checks import CheckResult, check_output, check_output_custom
    from dagrun.modifiers.config import config
    from dagrun.modifiers.data_io import dataloader, datasaver, load_from, save_to
    from dagrun.modifiers.delayed import ResolveAt, resolve, resolve_from_config
    from dagrun.modifiers.dependencies import configuration, group, source, value
    from dagrun.modifiers.dynamic import dynamic_transform, model
    from dagrun.modifiers.exclude import hamilton_exclude
    from dagrun.modifiers.extract import extract_columns, extract_fields, unpack_fields
    from dagrun.modifiers.legacy import parameterized_inputs, parametrized, parametrized_input
    from dagrun.modifiers.mutate import apply_to, mutate
    from dagrun.modifiers.parameterize import (
        does,
        inject,
        parameterize,
        parameterize_sources,
        parameterize_values,
    )
    from dagrun.modifiers.parameterize_extract import (
        ParameterizedExtract,
        parameterize_extract_columns,
    )
    from dagrun.modifiers.pipe import pipe, pipe_input, pipe_output, step
    from dagrun.modifiers.runtime import retry, timeout
    from dagrun.modifiers.schema import schema
    from dagrun.modifiers.subdag import parameterized_subdag, subdag
    from dagrun.modifiers.tags import accept_error_sentinels, cache, tag, tag_outputs
    from dagrun.modifiers.validators import DataValidator, ValidationResult
    from dagrun.modifiers.with_columns import with_columns


def __getattr__(name: str) -> Any:
    module = _HOME.get(name)
    if module is None:
        raise AttributeError(f"module 'dagrun' has no attribute {name!r}")
    import importlib

    found = getattr(importlib.import_module(module), name)
    globals()[name] = found
    return found


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})


__all__ = [
    "CheckResult",
    "Collect",
    "DagrunError",
    "DataValidationError",
    "DataValidator",
    "Driver",
    "GraphError",
    "InputError",
    "NodeError",
    "NodeInfo",
    "Parallelizable",
    "ParameterizedExtract",
    "ResolveAt",
    "ResourceError",
    "ValidationResult",
    "__version__",
    "accept_error_sentinels",
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
    "retry",
    "save_to",
    "schema",
    "source",
    "step",
    "subdag",
    "tag",
    "tag_outputs",
    "timeout",
    "unpack_fields",
    "value",
    "with_columns",
]
