"""Layout for big graphs: dot settings that scale, and shrinking a graph to a node budget.

dot's default layout is superlinear in the number of edges that cross many ranks:
on this project's benchmark graph (1,000 nodes, 3,000 edges, 2 cores) it did not
finish in 60 s. Measured there, per setting (seconds of dot CPU for SVG):

    default (splines, no limits)             > 60  (killed)
    splines=line                               12.1
    splines, nslimit=2, mclimit=0.1            4.3
    + newrank=true                             2.6

``nslimit``/``nslimit1`` cap the network-simplex passes that place nodes and rank
them, ``mclimit`` the crossing-minimisation passes, and ``newrank`` ranks the whole
graph at once instead of cluster by cluster. On small graphs these limits cost
nothing visible, but dot's full effort does look tidier, so they apply only from
``BIG_GRAPH`` picture nodes up.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

BIG_GRAPH = 150  # picture nodes from which dot's effort is capped

FAST_DOT = {"newrank": "true", "nslimit": "2", "nslimit1": "2", "mclimit": "0.1"}


def dot_settings(node_count: int) -> dict[str, str]:
    """Graph attributes that keep dot's run time near-linear on big graphs."""
    return dict(FAST_DOT) if node_count >= BIG_GRAPH else {}


@dataclass(frozen=True, slots=True)
class Shrunk:
    """A graph cut down to a budget: names merged into namespace groups, names dropped."""

    groups: Mapping[str, str]  # member name -> group name (its top-level namespace)
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


def shrink(names: Sequence[str], deps: Mapping[str, Iterable[str]], budget: int | None,
           first: Iterable[str] = ()) -> Shrunk:
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
        groups.update((name, namespace) for name in inside)
        count -= len(inside) - 1
    return groups


def _nearest_first(names: Sequence[str], deps: Mapping[str, Iterable[str]],
                   first: Iterable[str], groups: Mapping[str, str], budget: int) -> set[str]:
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
