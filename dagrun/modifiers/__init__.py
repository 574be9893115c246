"""Decorators: Hamilton's vocabulary, each recording what it wants on the function.

One module per family; ``base.py`` holds the lifecycle and the stage order,
``resolve.py`` turns functions into nodes.
"""

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

__all__ = [
    "CheckResult",
    "DataValidator",
    "ValidationResult",
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
