"""Layout for big graphs: dot settings that scale, and shrinking a graph to a node budget.

dot's default layout is superlinear on graphs whose edges cross many ranks. On
this project's benchmark graph (1,000 nodes, 3,000 edges to random earlier nodes,
2 cores), ``dot -v`` showed where the time goes and what each setting saves
(seconds of dot CPU for SVG):

    default (no limits)                               > 60  (killed)
    newrank, nslimit=2, mclimit=0.1                     10.4
      of which x-placement (network simplex over a
      22,538-node auxiliary graph, 2,002 iterations)     7.8
    newrank, nslimit=0.05 (50 iterations), mclimit=0.1   3.3
      of which crossing minimisation                     1.6
      of which spline routing                            1.1
    the same with nslimit1=0.05 too                      5.0
      (worse ranks: 13% more virtual nodes to order)

``nslimit`` caps x-placement's network-simplex iterations at that factor times
the node count, so it is set to a fixed iteration budget; ranking (``nslimit1``)
is cheap and keeps dot's full effort; ``mclimit`` scales the crossing-minimisation
passes; ``newrank`` ranks the graph in one pass, clusters included. Small graphs
get dot's full effort: it is quick there and tidier.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

BIG_GRAPH = 300  # picture nodes from which dot's effort is capped
NS_ITERATIONS = 50  # network-simplex iterations allowed on a big graph
CROSSING_BUDGET = 100  # mclimit is this over the node count (0.1 at 1,000 nodes)


def dot_settings(node_count: int) -> dict[str, str]:
    """Graph attributes that keep dot's run time near-linear on big graphs."""
    if node_count < BIG_GRAPH:
        return {}
    return {
        "newrank": "true",
        "nslimit": f"{NS_ITERATIONS / node_count:.4f}",
        "mclimit": f"{min(1.0, CROSSING_BUDGET / node_count):.4f}",
    }


@dataclass(frozen=True, slots=True)
class Shrunk:
    """A graph cut down to a budget: names merged into namespace groups, names dropped."""

    groups: Mapping[str, str]  # member name -> its group, ``ns.*`` (never a node's name)
    dropped: frozenset[str]

    def place(self, name: str) -> str | None:
        """Where a name is drawn: itself, its group, or nowhere (None)."""
        if name in self.dropped:
            return None
        return self.groups.get(name, name)


def namespace_of(name: str) -> str | None:
    """The top-level namespace of ``ns.node`` (``ns``), or None for a plain name."""
    head, dot, _ = name.partition(".")
    return head if dot else None


def shrink(
    names: Sequence[str],
    deps: Mapping[str, Iterable[str]],
    budget: int | None,
    first: Iterable[str] = (),
) -> Shrunk:
    """Fit ``names`` into ``budget`` picture nodes.

    Namespaces collapse into one node each, largest first, until the count fits.
    If it still does not, names are kept by distance upstream from ``first`` (the
    requested outputs, else the sinks), so what was asked for stays in the picture.
    """
    if budget is None or len(names) <= budget:
        return Shrunk({}, frozenset())
    groups = _collapse_namespaces(names, budget)
    count = len(set(groups.values())) + sum(1 for name in names if name not in groups)
    if count <= budget:
        return Shrunk(groups, frozenset())
    keep = _nearest_first(names, deps, first, groups, budget)
    return Shrunk(groups, frozenset(name for name in names if groups.get(name, name) not in keep))


def _collapse_namespaces(names: Sequence[str], budget: int) -> dict[str, str]:
    members: dict[str, list[str]] = {}
    for name in names:
        namespace = namespace_of(name)
        if namespace is not None:
            members.setdefault(namespace, []).append(name)
    groups: dict[str, str] = {}
    count = len(names)
    for namespace, inside in sorted(members.items(), key=lambda item: -len(item[1])):
        if count <= budget:
            break
        groups.update((name, f"{namespace}.*") for name in inside)
        count -= len(inside) - 1
    return groups


def _nearest_first(
    names: Sequence[str],
    deps: Mapping[str, Iterable[str]],
    first: Iterable[str],
    groups: Mapping[str, str],
    budget: int,
) -> set[str]:
    """Picture nodes in breadth-first order upstream from ``first``, up to ``budget``."""
    present = set(names)
    start = [name for name in first if name in present]
    if not start:
        consumed = {dep for name in names for dep in deps.get(name, ())}
        start = [name for name in names if name not in consumed]
    keep: set[str] = set()
    queue, seen = list(start), set(start)
    for name in queue:  # the list grows while we walk it: a breadth-first queue
        keep.add(groups.get(name, name))
        if len(keep) >= budget:
            break
        for dep in deps.get(name, ()):
            if dep in present and dep not in seen:
                seen.add(dep)
                queue.append(dep)
    return keep
