"""``@schema.output(("a", "int"), ...)``: the columns a DataFrame node declares, as metadata.

Nothing checks the value against it. The fields go, as Hamilton puts them, into
one tag, ``hamilton.internal.schema_output = "a=int,b=float"``, so tools that read
Hamilton's tags (and ``dagrun list``) see them.
"""

from __future__ import annotations

import typing
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from typing import Any, ClassVar

from dagrun import hints
from dagrun.modifiers.base import Modifier, Target, misuse, modifiers_of, select_targets
from dagrun.node import Node

SCHEMA_TAG = "hamilton.internal.schema_output"
# (top-level module, class name) of the frame types Hamilton registers for datasets
FRAME_TYPES = {
    ("pandas", "DataFrame"),
    ("polars", "DataFrame"),
    ("polars", "LazyFrame"),
    ("dask", "DataFrame"),
    ("ibis", "Table"),
}


def is_frame_type(declared: Any) -> bool:
    """Whether ``declared`` is (a subclass of) a DataFrame type; nothing is imported to tell."""
    declared = typing.get_origin(declared) or declared
    if not isinstance(declared, type):
        return isinstance(declared, str)  # an annotation that could not be evaluated passes
    return any(
        (base.__module__.split(".")[0], base.__name__) in FRAME_TYPES for base in declared.__mro__
    )


@dataclass(frozen=True, slots=True)
class SchemaOutput(Modifier):
    """Records ``fields`` (name, type) on the targeted DataFrame node (default: the final one)."""

    fields: tuple[Any, ...]
    target: Target = None
    stage: ClassVar[str] = "annotate"

    def validate(self, fn: Callable[..., Any]) -> None:
        if sum(isinstance(record, SchemaOutput) for record in modifiers_of(fn)) > 1:
            raise misuse(
                fn,
                "more than one @schema.output",
                "give every field to one @schema.output(('a', 'int'), ('b', 'float'))",
            )
        for field in self.fields:
            if not (
                isinstance(field, tuple | list) and len(field) == 2 and isinstance(field[0], str)
            ):
                raise misuse(
                    fn,
                    f"@schema.output field {field!r} is not a (name, type) pair",
                    "write each field as a pair of strings, e.g. ('age', 'int')",
                )

    def apply(
        self, nodes: list[Node], fn: Callable[..., Any], config: Mapping[str, Any]
    ) -> list[Node]:
        chosen = select_targets(nodes, self.target, fn, "schema.output")
        shown = ",".join(f"{name}={kind}" for name, kind in self.fields)
        out = []
        for node in nodes:
            if node.name in chosen:
                self._fit(node, fn)
                node = replace(node, tags={**node.tags, SCHEMA_TAG: shown})
            out.append(node)
        return out

    def _fit(self, node: Node, fn: Callable[..., Any]) -> None:
        declared = hints.resolve(node.return_type, node.namespace)
        if not is_frame_type(declared):
            raise misuse(
                fn,
                f"@schema.output describes a dataset, but '{node.name}' returns "
                f"{hints.describe(declared)}",
                "put it on a function returning a DataFrame (pandas, polars, dask) or an "
                "ibis Table, or pick that node with target_=",
            )


class schema:  # Hamilton's lower-case name, used as @schema.output(...)
    """Hamilton's namespace for schema decorators."""

    @staticmethod
    def output(*fields: tuple[str, str], target_: Target = None) -> SchemaOutput:
        """Declare the columns (``(name, type)`` pairs) of the DataFrame the node returns."""
        return SchemaOutput(tuple(fields), target_)
