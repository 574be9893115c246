"""Parallel blocks: the nodes between a ``Parallelizable`` and the node that collects them.

``find_blocks`` reads the graph once and returns each block's shape, or raises
a ``GraphError`` that names the fix when the shape cannot run:

    a Parallelizable nothing collects      two Collects of one block
    a Collect fed by no Parallelizable     a node reading a per-item value without Collect
    a Parallelizable inside a block        a per-item node that needs its block's result

Inside a block a node runs once per item; its consumers, until a ``Collect``
parameter, are in the block too. Graphs without ``Parallelizable`` are answered
without resolving a single annotation.
"""

from __future__ import annotations

from dataclasses import dataclass

from dagrun import hints
from dagrun.errors import GraphError
from dagrun.graph import Graph
from dagrun.node import Dependency, Node
from dagrun.parallel import COLLECT, PARALLEL, role_of


@dataclass(frozen=True, slots=True)
class BlockShape:
    """One fan-out: its source, the per-item nodes, who collects and which value."""

    source: str  # the Parallelizable node
    inner: frozenset[str]  # nodes run once per item
    collector: str  # the node with the Collect parameter
    collected: str  # the name that parameter reads: an inner node, or the source itself


def find_blocks(graph: Graph) -> tuple[BlockShape, ...]:
    """Every parallel block of ``graph``, checked.

    Raises:
        GraphError: a block cannot run as drawn (see the module docstring).
    """
    sources = [node for node in graph.nodes.values() if _role(node.return_type, node) == PARALLEL]
    collects = {
        (node.name, dep.name): dep for node in graph.nodes.values() for dep in _collect_deps(node)
    }
    if not sources and not collects:
        return ()
    shapes = tuple(_shape(graph, source, sources) for source in sources)
    for (collector, name), _ in collects.items():
        if not any(shape.collector == collector and shape.collected == name for shape in shapes):
            node = graph.nodes[collector]
            raise GraphError(
                f"'{collector}' collects '{name}', which no Parallelizable feeds",
                node=collector,
                origin=node.origin,
                hint="Collect[T] gathers the per-item results of a node returning "
                "Parallelizable[T] (or of the nodes below it); annotate the parameter as T",
            )
    return shapes


def _role(annotation: object, node: Node) -> str | None:
    if isinstance(annotation, type):  # a plain class: the common case, answered at once
        return getattr(annotation, "__dagrun_role__", None)
    if isinstance(annotation, str) and not (
        "Parallelizable" in annotation or "Collect" in annotation
    ):
        return None
    return role_of(hints.resolve(annotation, node.namespace))


def _collect_deps(node: Node) -> list[Dependency]:
    return [dep for dep in node.deps if _role(dep.annotation, node) == COLLECT]


def _shape(graph: Graph, source: Node, sources: list[Node]) -> BlockShape:
    """Walk down from ``source``: plain edges stay in the block, Collect edges leave it."""
    inner: set[str] = set()
    collectors: dict[str, str] = {}
    stack = [source.name]
    while stack:
        name = stack.pop()
        for consumer_name in graph.consumers.get(name, ()):
            consumer = graph.nodes[consumer_name]
            for dep in consumer.deps:
                if dep.name != name:
                    continue
                if _role(dep.annotation, consumer) == COLLECT:
                    collectors.setdefault(consumer_name, name)
                elif consumer_name not in inner:
                    inner.add(consumer_name)
                    stack.append(consumer_name)
    _check_shape(graph, source, inner, collectors, sources)
    collector, collected = next(iter(collectors.items()))
    return BlockShape(source.name, frozenset(inner), collector, collected)


def _check_shape(
    graph: Graph, source: Node, inner: set[str], collectors: dict[str, str], sources: list[Node]
) -> None:
    def fail(message: str, node: Node, hint: str) -> GraphError:
        return GraphError(message, node=node.name, origin=node.origin, hint=hint)

    if not collectors:
        raise fail(
            f"Parallelizable '{source.name}' is never collected",
            source,
            "add a node with a parameter annotated Collect[T] that reads the last per-item node",
        )
    if len(collectors) > 1:
        first, second = sorted(collectors)[:2]
        raise fail(
            f"the block of Parallelizable '{source.name}' is collected twice, "
            f"by '{first}' and by '{second}'",
            graph.nodes[second],
            f"collect once (in '{first}') and let other nodes read that node's result",
        )
    collector = next(iter(collectors))
    if collector in inner:
        raise fail(
            f"'{collector}' reads a per-item value of '{source.name}' without Collect",
            graph.nodes[collector],
            "annotate that parameter Collect[T] too, or move the read into the block",
        )
    nested = [node for node in sources if node.name in inner]
    if nested:
        raise fail(
            f"Parallelizable '{nested[0].name}' sits inside the block of '{source.name}'",
            nested[0],
            "blocks cannot nest; collect the outer block first",
        )
    needs_result = inner & graph.downstream([collector])
    if needs_result:
        name = sorted(needs_result)[0]
        raise fail(
            f"per-item node '{name}' needs '{collector}', the result of its own block",
            graph.nodes[name],
            f"a per-item node cannot wait for all items; compute '{name}' after '{collector}'",
        )
