"""Selection expressions: which nodes a run computes (``-s/--select``).

An expression is one or more space-separated terms, and several expressions are
a union; inside a term, commas join atoms that must all hold (an intersection).
Atoms:

    name          that node              feature_*     names matching a glob
    name+         it and its downstream  +name         it and its upstream
    tag:KEY       nodes tagged KEY       tag:KEY=VAL   ... with that value
    module:NAME   nodes defined in that module (full dotted name or its last part)

A term that matches nothing is an error, so a typo never silently runs less.
"""

from __future__ import annotations

from collections.abc import Sequence
from fnmatch import fnmatchcase
from typing import TYPE_CHECKING

from dagrun.errors import InputError, did_you_mean
from dagrun.graph import Graph

if TYPE_CHECKING:
    from dagrun.runspec import RunSpec

_GLOB_CHARS = frozenset("*?[")


def select(graph: Graph, expressions: Sequence[str]) -> tuple[str, ...]:
    """The nodes the expressions pick, in the graph's definition order.

    Raises:
        InputError: an atom is malformed or names an unknown node, or a term
            (or the whole selection) matches nothing.
    """
    chosen: set[str] = set()
    for expression in expressions:
        for term in expression.split():
            matched = select_term(graph, term)
            if not matched:
                raise InputError(
                    f"selection '{term}' matches no node",
                    hint="see `dagrun list` for node names, tags and modules",
                )
            chosen |= matched
    if not chosen:
        raise InputError("the selection is empty", hint="pass -s NAME, -s tag:KEY or -s 'glob*'")
    return tuple(name for name in graph.nodes if name in chosen)


def select_term(graph: Graph, term: str) -> set[str]:
    """The nodes matching every comma-separated atom of ``term``."""
    atoms = [atom for atom in term.split(",") if atom]
    if not atoms:
        raise InputError(f"selection term '{term}' is empty")
    result = select_atom(graph, atoms[0])
    for atom in atoms[1:]:
        result &= select_atom(graph, atom)
    return result


def select_atom(graph: Graph, atom: str) -> set[str]:
    """The nodes one atom matches (see the module docstring)."""
    kind, colon, rest = atom.partition(":")
    if colon:
        if kind == "tag":
            return _by_tag(graph, rest)
        if kind == "module":
            return _by_module(graph, rest)
        raise InputError(
            f"unknown selector '{kind}:' in '{atom}'",
            hint=did_you_mean(kind, ("tag", "module")) or "use tag:KEY[=VALUE] or module:NAME",
        )
    upstream, downstream = atom.startswith("+"), atom.endswith("+")
    name = atom.strip("+")
    # ``input+`` is what uses an input (the input itself is not computed, so left out below).
    base = {name} if downstream and name in graph.external else _by_name(graph, name)
    result = set(base)
    if upstream:
        result |= graph.upstream(base)
    if downstream:
        result |= graph.downstream(base)
    return {name for name in result if name in graph.nodes}


def _by_name(graph: Graph, pattern: str) -> set[str]:
    if not pattern:
        raise InputError("a selection atom of only '+' names no node")
    if _GLOB_CHARS.intersection(pattern):
        return {name for name in graph.nodes if fnmatchcase(name, pattern)}
    if pattern in graph.nodes:
        return {pattern}
    if pattern in graph.external:
        raise InputError(
            f"'{pattern}' is an input of the flow, not a node it computes",
            hint=f"select what uses it: -s '{pattern}+'",
        )
    raise InputError(
        f"unknown node '{pattern}' in the selection",
        node=pattern,
        hint=did_you_mean(pattern, graph.nodes) or "see `dagrun list` for the node names",
    )


def _by_tag(graph: Graph, spec: str) -> set[str]:
    key, equals, value = spec.partition("=")
    if not key:
        raise InputError(f"'tag:{spec}' names no tag", hint="write tag:KEY or tag:KEY=VALUE")
    return {
        name
        for name, node in graph.nodes.items()
        if key in node.tags and (not equals or _tag_matches(node.tags[key], value))
    }


def _tag_matches(tag_value: object, wanted: str) -> bool:
    if isinstance(tag_value, (list, tuple, set, frozenset)):
        return any(str(item) == wanted for item in tag_value)
    return str(tag_value) == wanted


def _by_module(graph: Graph, pattern: str) -> set[str]:
    return {
        name for name, node in graph.nodes.items() if _module_matches(node.origin.module, pattern)
    }


def _module_matches(module: str, pattern: str) -> bool:
    last = module.rsplit(".", 1)[-1]
    return fnmatchcase(module, pattern) or fnmatchcase(last, pattern)


def sinks(graph: Graph) -> tuple[str, ...]:
    """The nodes nothing else reads: what a run computes when nothing is selected."""
    return tuple(name for name in graph.nodes if not graph.consumers.get(name))


def choose_outputs(spec: RunSpec, graph: Graph) -> tuple[str, ...]:
    """``-s`` expressions if given, else the run file's outputs, else every sink node.

    Raises:
        InputError: a selection matches nothing, or a listed output is not a node
            (naming the run-file line that lists it).
    """
    if spec.select:
        return select(graph, spec.select)
    if not spec.outputs:
        return sinks(graph)
    for name in spec.outputs:
        if name not in graph.nodes:
            raise InputError(
                f"{spec.source_of(f'outputs.{name}')}: output '{name}' is not a node of the flow",
                node=name,
                hint=did_you_mean(name, graph.nodes) or "see `dagrun list` for the node names",
            )
    return tuple(spec.outputs)
