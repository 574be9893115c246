"""Hamilton's read-only views of a graph and its nodes, made from dagrun's.

``HamiltonNode`` is what ``list_available_variables`` and the ``what_is_*``
queries return (Hamilton calls it ``driver.Variable``) and what validators and
graph hooks are handed. Tags carry Hamilton's ``module`` tag, as there.
"""

from __future__ import annotations

import functools
import sys
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from types import ModuleType
from typing import Any

from dagrun import hints
from dagrun.graph import ExternalInput, Graph
from dagrun.io.materialize import made_by_io
from dagrun.node import Node

__all__ = ["HamiltonGraph", "HamiltonNode"]


@dataclass
class HamiltonNode:
    """One node or external input, with the fields Hamilton's variables have."""

    name: str
    type: Any
    tags: dict[str, Any]
    is_external_input: bool
    originating_functions: tuple[Callable[..., Any], ...] | None
    documentation: str
    required_dependencies: set[str]
    optional_dependencies: set[str]
    optional_dependencies_default_values: dict[str, Any] = field(default_factory=dict)

    @staticmethod
    def from_node(node: Node, modules: Sequence[ModuleType] = ()) -> HamiltonNode:
        """The view of a function node; ``modules`` help find its function."""
        function = _function_of(node, modules)
        return HamiltonNode(
            name=node.name,
            type=hints.resolve(node.return_type, node.namespace),
            tags=node.tags if made_by_io(node) else _tags(node),
            is_external_input=False,
            originating_functions=(function,) if function is not None else None,
            documentation=node.doc,
            required_dependencies={dep.name for dep in node.deps if dep.required},
            optional_dependencies={dep.name for dep in node.deps if not dep.required},
            optional_dependencies_default_values={
                dep.name: dep.default for dep in node.deps if not dep.required
            },
        )

    @staticmethod
    def from_external(
        external: ExternalInput, graph: Graph, modules: Sequence[ModuleType] = ()
    ) -> HamiltonNode:
        """The view of an external input: Hamilton credits it to its first consumer's function."""
        consumer = graph.nodes[external.consumers[0]]
        function = _function_of(consumer, modules)
        return HamiltonNode(
            name=external.name,
            type=hints.resolve(external.annotation, consumer.namespace),
            tags={},
            is_external_input=True,
            originating_functions=(function,) if function is not None else None,
            documentation="",
            required_dependencies=set(),
            optional_dependencies=set(),
        )

    def __repr__(self) -> str:
        return f'Node("{self.name}": {getattr(self.type, "__name__", self.type)})'


def _tags(node: Node) -> dict[str, Any]:
    """Hamilton's ``module`` tag, and on a check node the data-quality tags it sets there."""
    tags = {"module": node.origin.module, **node.tags}
    checked = node.meta.get("check_of") if node.role == "check" else None
    if checked is not None:
        from dagrun.hamilton.function_modifiers import (
            DATA_VALIDATOR_ORIGINAL_OUTPUT_TAG,
            IS_DATA_VALIDATOR_TAG,
        )

        tags.update({IS_DATA_VALIDATOR_TAG: True, DATA_VALIDATOR_ORIGINAL_OUTPUT_TAG: checked})
    return tags


@dataclass
class HamiltonGraph:
    """Every node and external input of a flow, looked up by name with ``graph[name]``."""

    nodes: list[HamiltonNode]

    @staticmethod
    def from_graph(graph: Graph, modules: Sequence[ModuleType] = ()) -> HamiltonGraph:
        return HamiltonGraph(views(graph, all_names(graph), modules))

    @functools.cached_property
    def _by_name(self) -> dict[str, HamiltonNode]:
        return {node.name: node for node in self.nodes}

    def __getitem__(self, name: str) -> HamiltonNode:
        return self._by_name[name]

    def filter_nodes(self, keep: Callable[[HamiltonNode], bool]) -> list[HamiltonNode]:
        return [node for node in self.nodes if keep(node) is True]


def all_names(graph: Graph) -> list[str]:
    """Nodes, external inputs, then config keys no function reads: Hamilton lists those too."""
    names = graph.all_names()
    return [*names, *(key for key in graph.config if key not in graph)]


def views(
    graph: Graph, names: Iterable[str], modules: Sequence[ModuleType] = ()
) -> list[HamiltonNode]:
    """The views of ``names`` (nodes, external inputs or config keys of ``graph``), in order."""
    found = []
    for name in names:
        node = graph.nodes.get(name)
        external = graph.external.get(name)
        if node is not None:
            found.append(HamiltonNode.from_node(node, modules))
        elif external is not None:
            found.append(HamiltonNode.from_external(external, graph, modules))
        else:
            found.append(_config_view(name))
    return found


def _config_view(name: str) -> HamiltonNode:
    return HamiltonNode(
        name=name,
        type=Any,
        tags={},
        is_external_input=True,
        originating_functions=None,
        documentation="",
        required_dependencies=set(),
        optional_dependencies=set(),
    )


def _function_of(node: Node, modules: Sequence[ModuleType]) -> Callable[..., Any] | None:
    """The user's function a node was made from: by name in its module, else its callable."""
    origin = node.origin
    homes = [module for module in modules if module.__name__ == origin.module]
    loaded = sys.modules.get(origin.module)
    if loaded is not None:
        homes.append(loaded)
    for module in homes:
        function = getattr(module, origin.function, None)
        if callable(function):
            return function
    return node.callable if callable(node.callable) else None
