"""The decorator lifecycle: records on a function, applied in one fixed order.

A decorator checks nothing and changes nothing when applied: it appends a frozen
record of itself to the function's ``__dagrun_modifiers__`` list and returns the
function untouched, so the user's function stays an ordinary, callable,
picklable function. Checking happens while building, where a misuse can become
a ``GraphError`` that names the function's ``file:line``.

``apply_modifiers(fn, config)`` turns the records into nodes, stage by stage:

0. ``dynamic``   — a record chosen from the config (``resolve``) becomes the
   records it stands for, applied after the function's own.
1. ``resolve``   — may drop the function for this config (``config.when`` and
   friends); also names the node (``discount__flat`` -> ``discount``).
2. ``create``    — at most one creator makes the first nodes (default: the function
   itself as one node; ``parameterize*``, ``inject``, ``does``, ``subdag`` replace it).
3. ``inject``    — nodes are put in front of a parameter (``pipe_input``).
4. ``expand``    — at most one: a node becomes several (``extract_columns``,
   ``extract_fields``, ``unpack_fields``).
5. ``transform`` — nodes gain nodes after them (``check_output``, ``pipe_output``).
6. ``annotate``  — metadata only (``tag``, ``tag_outputs``, ``cache``).

Within a stage, records apply innermost decorator first. Transforms and
annotations apply to the *final* nodes of what the earlier stages made (those no
other of them depends on) unless given ``target_``.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping
from typing import Any, ClassVar

from dagrun.errors import DecoratorError, did_you_mean
from dagrun.node import Node

MODIFIERS_ATTR = "__dagrun_modifiers__"
STAGES = ("resolve", "create", "inject", "expand", "transform", "annotate")
DYNAMIC = "dynamic"  # a record that becomes other records once the config is known
SINGLE_STAGES = ("create", "expand")  # at most one record of these per function
NON_FINAL = "dagrun.non_final"  # a meta key: never a default target of later stages

# ``target_`` of a transform or annotation: None (final nodes), ... (all), names.
Target = Any


class Modifier:
    """Base of every decorator record: appends itself to the function at its stage."""

    __slots__ = ()
    stage: ClassVar[str] = "annotate"

    def __call__(self, fn: Callable[..., Any]) -> Callable[..., Any]:
        fn.__dict__.setdefault(MODIFIERS_ATTR, []).append(self)
        return fn

    def validate(self, fn: Callable[..., Any]) -> None:
        """Check the record fits ``fn``; raise ``misuse(fn, ...)`` if not."""

    def decorators(self, fn: Callable[..., Any], config: Mapping[str, Any]) -> list[Modifier]:
        """``dynamic`` records only: the records this one stands for under ``config``."""
        return [self]

    def resolve(self, fn: Callable[..., Any], config: Mapping[str, Any]) -> bool:
        """``resolve`` stage: whether ``fn`` takes part under ``config``."""
        return True

    def create(self, fn: Callable[..., Any], config: Mapping[str, Any], name: str) -> list[Node]:
        """``create`` stage: the nodes ``fn`` stands for; ``name`` is its node name."""
        raise NotImplementedError

    def apply(
        self, nodes: list[Node], fn: Callable[..., Any], config: Mapping[str, Any]
    ) -> list[Node]:
        """``inject``/``expand``/``transform``/``annotate`` stages: the nodes after this one."""
        return nodes


def modifiers_of(fn: Callable[..., Any]) -> list[Modifier]:
    return getattr(fn, "__dict__", {}).get(MODIFIERS_ATTR, [])


def misuse(fn: Callable[..., Any], message: str, hint: str) -> DecoratorError:
    """The ``DecoratorError`` for a decorator used wrongly on ``fn``, at ``fn``'s ``file:line``."""
    from dagrun.modifiers.resolve import origin_of

    name = getattr(fn, "__name__", repr(fn))
    return DecoratorError(
        f"{message} (on function '{name}')", node=name, origin=origin_of(fn), hint=hint
    )


def apply_modifiers(fn: Callable[..., Any], config: Mapping[str, Any]) -> list[Node]:
    """The nodes ``fn`` stands for under ``config``, applying its records in stage order."""
    from dagrun.modifiers.resolve import function_node

    records = getattr(fn, "__dict__", {}).get(MODIFIERS_ATTR)
    if not records:
        return [function_node(fn)]
    if any(record.stage == DYNAMIC for record in records):
        records = _undelayed(fn, records, config)
    by_stage = _by_stage(fn, records)
    if not all(record.resolve(fn, config) for record in by_stage["resolve"]):
        return []
    name = node_name_of(fn)
    creators = by_stage["create"]
    nodes = creators[0].create(fn, config, name) if creators else [function_node(fn, name)]
    for stage in STAGES[2:]:
        for record in by_stage[stage]:
            nodes = record.apply(nodes, fn, config)
    return nodes


def _undelayed(
    fn: Callable[..., Any], records: list[Modifier], config: Mapping[str, Any]
) -> list[Modifier]:
    """The static records, then what each dynamic one stands for (Hamilton's order)."""
    static = [record for record in records if record.stage != DYNAMIC]
    for record in records:
        if record.stage == DYNAMIC:
            record.validate(fn)
            static.extend(record.decorators(fn, config))
    return static


def _by_stage(fn: Callable[..., Any], records: list[Modifier]) -> dict[str, list[Modifier]]:
    by_stage: dict[str, list[Modifier]] = {stage: [] for stage in STAGES}
    for record in records:
        record.validate(fn)
        by_stage[record.stage].append(record)
    for stage in SINGLE_STAGES:
        if len(by_stage[stage]) > 1:
            names = ", ".join(f"@{type(r).__name__}" for r in by_stage[stage])
            raise misuse(
                fn,
                f"more than one {stage} decorator ({names})",
                "keep one of them; each decides on its own which nodes the function makes",
            )
    return by_stage


def node_name_of(fn: Callable[..., Any]) -> str:
    """The name of the node ``fn`` makes: its own, or as a ``config`` variant renames it."""
    for record in modifiers_of(fn):
        target = getattr(record, "node_name", None)
        if target is not None:
            return target(fn)
    return fn.__name__


def final_nodes(nodes: list[Node]) -> list[Node]:
    """The nodes no other node of ``nodes`` depends on (and not marked non-final)."""
    used = {dep.name for node in nodes for dep in node.deps}
    return [n for n in nodes if n.name not in used and not n.meta.get(NON_FINAL)]


def select_targets(
    nodes: list[Node], target: Target, fn: Callable[..., Any], decorator: str
) -> set[str]:
    """The names of ``nodes`` a decorator with ``target_=target`` applies to.

    Raises:
        GraphError: ``target`` names a node the function does not make.
    """
    if target is None:
        return {node.name for node in final_nodes(nodes)}
    if target is Ellipsis:
        return {node.name for node in nodes}
    wanted = {target} if isinstance(target, str) else set(target)
    known = {node.name for node in nodes}
    for name in sorted(wanted - known):
        raise misuse(
            fn,
            f"@{decorator} targets '{name}', which this function does not make",
            did_you_mean(name, known) or f"it makes: {', '.join(sorted(known))}",
        )
    return wanted


def check_names(fn: Callable[..., Any], names: Collection[str], what: str) -> None:
    """Raise a misuse error unless every name is a non-empty string."""
    for name in names:
        if not isinstance(name, str) or not name:
            raise misuse(fn, f"{what} {name!r} is not a name", "use a non-empty string")


def each_chosen(
    nodes: list[Node], chosen: Collection[str], change: Callable[[Node], list[Node]]
) -> list[Node]:
    """``nodes`` with every chosen one replaced by the nodes ``change`` makes of it."""
    out: list[Node] = []
    for node in nodes:
        out.extend(change(node) if node.name in chosen else [node])
    return out


def derived(
    source: Node,
    name: str,
    call: Any,
    return_type: Any,
    deps: tuple[Any, ...],
    doc: str,
    **more: Any,
) -> Node:
    """A node a decorator makes from ``source``: same origin, tags and annotation scope."""
    return Node(
        name=name,
        callable=call,
        return_type=return_type,
        deps=deps,
        origin=source.origin,
        doc=doc,
        tags=dict(source.tags),
        namespace=source.namespace,
        **more,
    )
