"""dagrun: declarative Python functions to a validated DAG to results, fast.

A function's name is the value it produces; its parameters are the values it
needs. ``Driver`` builds and validates the graph; ``dagrun execute`` runs it
from a YAML run file. Importing dagrun loads no pandas, networkx or pydantic.
"""

from dagrun.driver import Driver
from dagrun.errors import DagrunError, DataValidationError, GraphError, InputError, NodeError
from dagrun.modifiers import (
    CheckResult,
    DataValidator,
    ValidationResult,
    cache,
    check_output,
    check_output_custom,
    config,
    does,
    extract_columns,
    extract_fields,
    group,
    inject,
    parameterize,
    parameterize_sources,
    parameterize_values,
    parameterized_subdag,
    pipe_input,
    pipe_output,
    source,
    step,
    subdag,
    tag,
    tag_outputs,
    unpack_fields,
    value,
)
from dagrun.modifiers.runtime import retry, timeout
from dagrun.node import NodeInfo
from dagrun.parallel import Collect, Parallelizable

__version__ = "0.1.0"

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
    "ValidationResult",
    "__version__",
    "cache",
    "check_output",
    "check_output_custom",
    "config",
    "does",
    "extract_columns",
    "extract_fields",
    "group",
    "inject",
    "parameterize",
    "parameterize_sources",
    "parameterize_values",
    "parameterized_subdag",
    "pipe_input",
    "pipe_output",
    "retry",
    "source",
    "step",
    "subdag",
    "tag",
    "tag_outputs",
    "timeout",
    "unpack_fields",
    "value",
]
