"""dagrun: declarative Python functions to a validated DAG to results, fast.

A function's name is the value it produces; its parameters are the values it
needs. ``Driver`` builds and validates the graph; ``dagrun execute`` runs it
from a YAML run file. Importing dagrun loads no pandas, networkx or pydantic.
"""

from dagrun.driver import Driver
from dagrun.errors import DagrunError, DataValidationError, GraphError, InputError, NodeError
from dagrun.modifiers.checks import CheckResult, check_output, check_output_custom
from dagrun.modifiers.config import config
from dagrun.modifiers.dependencies import group, source, value
from dagrun.modifiers.extract import extract_columns, extract_fields, unpack_fields
from dagrun.modifiers.parameterize import (
    does,
    inject,
    parameterize,
    parameterize_sources,
    parameterize_values,
)
from dagrun.modifiers.pipe import pipe_input, pipe_output, step
from dagrun.modifiers.subdag import parameterized_subdag, subdag
from dagrun.modifiers.tags import cache, tag, tag_outputs
from dagrun.modifiers.validators import DataValidator, ValidationResult
from dagrun.node import NodeInfo

__version__ = "0.1.0"

__all__ = [
    "CheckResult",
    "DagrunError",
    "DataValidationError",
    "DataValidator",
    "Driver",
    "GraphError",
    "InputError",
    "NodeError",
    "NodeInfo",
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
    "source",
    "step",
    "subdag",
    "tag",
    "tag_outputs",
    "unpack_fields",
    "value",
]
