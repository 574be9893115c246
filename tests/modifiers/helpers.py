"""Small helpers the decorator tests share: build nodes from local functions."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from dagrun.graph import Graph
from dagrun.modifiers.resolve import nodes_from_functions
from dagrun.node import Node


def build(
    *functions: Callable[..., Any], config: Mapping[str, Any] | None = None
) -> dict[str, Node]:
    """The nodes the functions make, by name, after graph validation."""
    return Graph(nodes_from_functions(functions, config or {}), config).nodes


def line_of(fn: Callable[..., Any]) -> str:
    """``file:line`` of a function, as errors print it."""
    return f"{fn.__code__.co_filename}:{fn.__code__.co_firstlineno}"
