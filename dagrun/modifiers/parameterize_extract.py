"""``parameterize_extract_columns``: ``parameterize`` and ``extract_columns`` in one.

Each ``ParameterizedExtract(outputs, input_mapping)`` binds the function's
parameters as one ``parameterize`` output would, in a DataFrame node named
``<function>__<i>`` (Hamilton's name), and makes a node per column in
``outputs``. With ``reassign_columns`` (the default) the frame's columns are
renamed to ``outputs`` in order first, so the function may name them anything;
the frame must then have exactly that many columns. The function itself is no node.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any, ClassVar

from dagrun import hints
from dagrun.modifiers.base import Modifier, check_names, misuse
from dagrun.modifiers.extract import ExtractColumns, _series_type_for
from dagrun.modifiers.parameterize import bound_node
from dagrun.modifiers.resolve import return_type_of, signature_of
from dagrun.node import Node

DECORATOR = "parameterize_extract_columns"


@dataclass(frozen=True)
class ParameterizedExtract:
    """The columns one parameterization's DataFrame is split into, and its bindings."""

    outputs: Sequence[str]
    input_mapping: Mapping[str, Any]


@dataclass(frozen=True, slots=True)
class Renamed:
    """Calls the function, then names the returned frame's columns ``columns``, in order."""

    fn: Callable[..., Any]
    columns: tuple[str, ...]

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        frame = self.fn(*args, **kwargs)
        if type(frame).__module__.startswith("polars"):
            return frame.rename(dict(zip(frame.columns, self.columns, strict=True)))
        return frame.set_axis(list(self.columns), axis=1)


@dataclass(frozen=True, slots=True)
class ParameterizeExtractColumns(Modifier):
    extracts: tuple[Any, ...]
    reassign_columns: bool = True
    stage: ClassVar[str] = "create"

    def validate(self, fn: Callable[..., Any]) -> None:
        if not self.extracts:
            raise misuse(
                fn, f"@{DECORATOR} has no parameterizations", "pass ParameterizedExtract(...)s"
            )
        for extract in self.extracts:
            if not isinstance(extract, ParameterizedExtract):
                raise misuse(
                    fn,
                    f"@{DECORATOR} takes ParameterizedExtract(outputs, input_mapping), "
                    f"not {extract!r}",
                    "wrap each parameterization in ParameterizedExtract",
                )
            if isinstance(extract.outputs, str) or not extract.outputs:
                raise misuse(
                    fn,
                    f"@{DECORATOR} outputs {extract.outputs!r} is not a list of column names",
                    "give the columns as a tuple: ('a', 'b')",
                )
            check_names(fn, extract.outputs, f"@{DECORATOR} column")
        returned = hints.resolve(return_type_of(fn), getattr(fn, "__globals__", None))
        if _series_type_for(returned) is None:
            raise misuse(
                fn,
                f"@{DECORATOR} needs a DataFrame return annotation, got {hints.describe(returned)}",
                "annotate the return type as pd.DataFrame so each column node has a type",
            )

    def create(self, fn: Callable[..., Any], config: Mapping[str, Any], name: str) -> list[Node]:
        params = signature_of(fn)
        nodes: list[Node] = []
        for index, extract in enumerate(self.extracts):
            columns = tuple(extract.outputs)
            frame = bound_node(
                fn, params, f"{name}__{index}", extract.input_mapping, None, DECORATOR
            )
            if self.reassign_columns:
                frame = replace(frame, callable=Renamed(frame.callable, columns))
            nodes.extend(ExtractColumns(columns).expand(frame, fn))
        return nodes


def parameterize_extract_columns(
    *extract_config: ParameterizedExtract, reassign_columns: bool = True
) -> ParameterizeExtractColumns:
    """Per ``ParameterizedExtract``: a DataFrame node with bound parameters, split into columns."""
    return ParameterizeExtractColumns(tuple(extract_config), reassign_columns)
