"""The decorator lifecycle: records on a function, applied in one fixed order.

A decorator validates its own arguments, appends a frozen record of itself to the
function's ``__dagrun_modifiers__`` list and returns the function untouched, so
the user's function stays an ordinary, callable, picklable function.

``apply_modifiers(fn, config)`` turns the records into nodes, stage by stage:

1. ``resolve``   — may drop the function for this config (``config.when``).
2. ``create``    — exactly one creator makes the first nodes (default: the function
   itself as one node; ``parameterize``, ``does``, ``subdag`` replace it).
3. ``expand``    — one node becomes several (``extract_columns``, ``extract_fields``).
4. ``transform`` — nodes gain steps around them (``check_output``, ``pipe_output``).
5. ``annotate``  — metadata only (``tag``, ``cache``).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, ClassVar

from dagrun.errors import GraphError
from dagrun.node import Node

MODIFIERS_ATTR = "__dagrun_modifiers__"
STAGES = ("resolve", "create", "expand", "transform", "annotate")


class Modifier:
    """Base of every decorator: records itself on the function at its stage."""

    stage: ClassVar[str] = "annotate"

    def __call__(self, fn: Callable[..., Any]) -> Callable[..., Any]:
        self.validate(fn)
        records = fn.__dict__.setdefault(MODIFIERS_ATTR, [])
        records.append(self)
        return fn

    def validate(self, fn: Callable[..., Any]) -> None:
        """Check the decorator fits ``fn``; raise ``GraphError`` naming ``fn`` if not."""

    def resolve(self, fn: Callable[..., Any], config: Mapping[str, Any]) -> bool:
        """``resolve`` stage: whether ``fn`` takes part under ``config``."""
        return True

    def create(self, fn: Callable[..., Any], config: Mapping[str, Any]) -> list[Node]:
        """``create`` stage: the nodes ``fn`` stands for."""
        raise NotImplementedError

    def apply(
        self, nodes: list[Node], fn: Callable[..., Any], config: Mapping[str, Any]
    ) -> list[Node]:
        """``expand``/``transform``/``annotate`` stages: the nodes after this modifier."""
        return nodes


def modifiers_of(fn: Callable[..., Any]) -> list[Modifier]:
    return fn.__dict__.get(MODIFIERS_ATTR, [])


def apply_modifiers(fn: Callable[..., Any], config: Mapping[str, Any]) -> list[Node]:
    """The nodes ``fn`` stands for under ``config``, applying its records in stage order."""
    from dagrun.modifiers.resolve import function_node

    records = modifiers_of(fn)
    if not records:
        return [function_node(fn)]
    by_stage: dict[str, list[Modifier]] = {stage: [] for stage in STAGES}
    for record in records:
        by_stage[record.stage].append(record)
    if not all(record.resolve(fn, config) for record in by_stage["resolve"]):
        return []
    creators = by_stage["create"]
    if len(creators) > 1:
        from dagrun.modifiers.resolve import origin_of

        names = ", ".join(f"@{type(c).__name__}" for c in creators)
        raise GraphError(
            f"function '{fn.__name__}' has more than one node-creating decorator ({names})",
            node=fn.__name__,
            origin=origin_of(fn),
            hint="keep one of them; each decides on its own which nodes the function makes",
        )
    nodes = creators[0].create(fn, config) if creators else [function_node(fn)]
    # Records were appended innermost first; apply them in that order within a stage.
    for stage in ("expand", "transform", "annotate"):
        for record in by_stage[stage]:
            nodes = record.apply(nodes, fn, config)
    return nodes
