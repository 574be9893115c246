"""Graph: nodes wired by name, validated once, read-only afterwards.

Validation happens on construction, so a flow that builds is a flow that can run:
a node defined twice (both ``file:line``s), a cycle (its path), an edge whose
producer type does not fit its consumer (both functions). Every check walks plain
mappings iteratively — a 100,000-node chain builds — and the networkx view used
by queries and pictures is made on first use, keeping networkx off the hot path.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from dagrun import hints
from dagrun.errors import GraphError, InputError, did_you_mean
from dagrun.node import Dependency, Node, NodeInfo

if TYPE_CHECKING:
    import networkx


@dataclass(frozen=True, slots=True)
class ExternalInput:
    """A name some node needs that no node produces: given by inputs or config."""

    name: str
    annotation: Any
    required: bool
    consumers: tuple[str, ...]


def find_cycle(deps: Mapping[str, Iterable[str]]) -> list[str] | None:
    """A dependency cycle as its path (first node repeated last), or None.

    Iterative depth-first search with three colours, so depth never meets the
    recursion limit. Names absent from ``deps`` are leaves.
    """
    state: dict[str, int] = {}  # 1: on the current path, 2: finished
    for root in deps:
        if root in state:
            continue
        path = [root]
        iterators = [iter(deps[root])]
        state[root] = 1
        while iterators:
            child = next(iterators[-1], None)
            if child is None:
                state[path.pop()] = 2
                iterators.pop()
                continue
            if child not in deps:
                continue
            mark = state.get(child)
            if mark == 1:
                return [*path[path.index(child) :], child]
            if mark is None:
                state[child] = 1
                path.append(child)
                iterators.append(iter(deps[child]))
    return None


class Graph:
    """The validated dataflow: nodes by name, external inputs, consumers of each name."""

    __slots__ = ("_nx", "config", "consumers", "external", "nodes", "unresolved")

    def __init__(
        self,
        nodes: Iterable[Node],
        config: Mapping[str, Any] | None = None,
        unresolved: Mapping[str, GraphError] | None = None,
    ) -> None:
        self.config: Mapping[str, Any] = dict(config or {})
        # Nodes no config variant matched, with the error to raise if one is needed.
        self.unresolved: Mapping[str, GraphError] = dict(unresolved or {})
        self.nodes: dict[str, Node] = _index_unique(nodes)
        self.consumers: dict[str, list[str]] = {}
        for node in self.nodes.values():
            for dep in node.deps:
                self.consumers.setdefault(dep.name, []).append(node.name)
        self.external: dict[str, ExternalInput] = self._external_inputs()
        self._nx: networkx.DiGraph | None = None
        self._check_cycles()
        self._check_edge_types()

    def _external_inputs(self) -> dict[str, ExternalInput]:
        found: dict[str, ExternalInput] = {}
        for node in self.nodes.values():
            for dep in node.deps:
                if dep.name in self.nodes:
                    continue
                known = found.get(dep.name)
                if known is None:
                    found[dep.name] = ExternalInput(
                        dep.name, dep.annotation, dep.required, (node.name,)
                    )
                else:
                    found[dep.name] = ExternalInput(
                        dep.name,
                        known.annotation,
                        known.required or dep.required,
                        (*known.consumers, node.name),
                    )
        return found

    def _check_cycles(self) -> None:
        deps = {name: node.dep_names for name, node in self.nodes.items()}
        cycle = find_cycle(deps)
        if cycle is None:
            return
        first = self.nodes[cycle[0]]
        raise GraphError(
            f"dependency cycle: {' -> '.join(reversed(cycle))}",
            node=first.name,
            origin=first.origin,
            hint="a node cannot depend on itself, directly or through others; "
            "rename a parameter or split the function",
        )

    def _check_edge_types(self) -> None:
        for consumer in self.nodes.values():
            for dep in consumer.deps:
                producer = self.nodes.get(dep.name)
                if producer is not None:
                    check_edge(producer, consumer, dep)

    # ---- queries -------------------------------------------------------------

    def deps_of(self, name: str) -> tuple[str, ...]:
        node = self.nodes.get(name)
        return node.dep_names if node else ()

    def upstream(self, names: Iterable[str]) -> set[str]:
        """Every name the given ones depend on, transitively (the names included)."""
        return _closure(names, self.deps_of)

    def downstream(self, names: Iterable[str]) -> set[str]:
        """Every name that depends on the given ones, transitively (the names included)."""
        return _closure(names, lambda name: self.consumers.get(name, ()))

    def __contains__(self, name: object) -> bool:
        return name in self.nodes or name in self.external

    def all_names(self) -> list[str]:
        return [*self.nodes, *self.external]

    def require(self, name: str) -> None:
        """Raise ``InputError`` with a "did you mean" unless ``name`` is in the graph."""
        if name not in self:
            raise InputError(
                f"unknown node '{name}'",
                node=name,
                hint=did_you_mean(name, self.all_names())
                or "see `dagrun list` for the nodes this flow defines",
            )

    def infos(self) -> list[NodeInfo]:
        """Each node and external input as a ``NodeInfo``."""
        result = [
            NodeInfo(
                name=node.name,
                type=hints.resolve(node.return_type, node.namespace),
                tags=dict(node.tags),
                doc=node.doc,
                module=node.origin.module,
                file=node.origin.file,
                line=node.origin.line,
                is_external_input=False,
                role=node.role,
            )
            for node in self.nodes.values()
        ]
        for external in self.external.values():
            consumer = self.nodes[external.consumers[0]]
            result.append(
                NodeInfo(
                    name=external.name,
                    type=hints.resolve(external.annotation, consumer.namespace),
                    tags={},
                    doc="",
                    module=consumer.origin.module,
                    file=consumer.origin.file,
                    line=consumer.origin.line,
                    is_external_input=True,
                    role="config" if external.name in self.config else "input",
                )
            )
        return result

    @property
    def nx(self) -> networkx.DiGraph:
        """The graph as a ``networkx.DiGraph`` (edges from producer to consumer)."""
        if self._nx is None:
            import networkx

            graph = networkx.DiGraph()
            graph.add_nodes_from((name, {"node": node}) for name, node in self.nodes.items())
            graph.add_nodes_from((name, {"external": ext}) for name, ext in self.external.items())
            graph.add_edges_from(
                (dep, node.name) for node in self.nodes.values() for dep in node.dep_names
            )
            self._nx = graph
        return self._nx


def _index_unique(nodes: Iterable[Node]) -> dict[str, Node]:
    index: dict[str, Node] = {}
    for node in nodes:
        first = index.setdefault(node.name, node)
        if first is not node:
            raise GraphError(
                f"node '{node.name}' is defined twice",
                node=node.name,
                origin=node.origin,
                hint=f"the other definition is at {first.origin}; rename one or drop a module",
            )
    return index


def check_edge(producer: Node, consumer: Node, dep: Dependency) -> None:
    """Raise ``GraphError`` naming both functions unless ``producer`` fits ``dep``."""
    produced, expected = producer.return_type, dep.annotation
    if produced is expected or (
        produced == expected
        and isinstance(produced, str)
        and producer.namespace is consumer.namespace
    ):
        return
    produced_type = hints.resolve(produced, producer.namespace)
    expected_type = hints.resolve(expected, consumer.namespace)
    if hints.is_compatible(produced_type, expected_type):
        return
    raise GraphError(
        f"type mismatch: '{producer.name}' returns {hints.describe(produced_type)} "
        f"({producer.origin}) but '{consumer.name}' takes '{dep.name}' as "
        f"{hints.describe(expected_type)} ({consumer.origin})",
        node=consumer.name,
        origin=consumer.origin,
        hint="make the annotations agree, or annotate the parameter with a wider type",
    )


def _closure(names: Iterable[str], neighbours: Any) -> set[str]:
    seen = set(names)
    stack = list(seen)
    while stack:
        for other in neighbours(stack.pop()):
            if other not in seen:
                seen.add(other)
                stack.append(other)
    return seen
