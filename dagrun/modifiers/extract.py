"""Expanders: one value becomes a node per part (columns, fields, tuple positions).

The function's own node stays (it is the whole DataFrame, dict or tuple); each
part is a node named after the column, field or position name that reads it.
Part types come from the annotations, so each expander needs one it can read.
"""

from __future__ import annotations

import typing
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from typing import Any, ClassVar

from dagrun import hints
from dagrun.errors import did_you_mean
from dagrun.modifiers.base import (
    Modifier,
    check_names,
    derived,
    each_chosen,
    final_nodes,
    misuse,
)
from dagrun.node import Dependency, Node


@dataclass(frozen=True, slots=True)
class Column:
    """Reads one column of a DataFrame (``fill_with`` stands in for a missing one)."""

    name: str
    fill_with: Any = None

    def __call__(self, frame: Any) -> Any:
        if self.name in frame.columns:
            return frame[self.name]
        if self.fill_with is None:
            hint = did_you_mean(self.name, [str(c) for c in frame.columns]) or ""
            raise KeyError(f"the DataFrame has no column '{self.name}' {hint}".strip())
        return _filled(frame, self.name, self.fill_with)


def _filled(frame: Any, name: str, fill: Any) -> Any:
    """A column of ``fill`` the length of ``frame``, of the frame library's series type."""
    if type(frame).__module__.startswith("polars"):
        import polars

        return polars.Series(name, [fill] * frame.height)
    import pandas

    return pandas.Series(fill, index=frame.index, name=name)


@dataclass(frozen=True, slots=True)
class Field:
    """Reads one field of a dict."""

    name: str

    def __call__(self, record: Mapping[str, Any]) -> Any:
        try:
            return record[self.name]
        except KeyError:
            hint = did_you_mean(self.name, [str(k) for k in record]) or ""
            raise KeyError(f"the dict has no field '{self.name}' {hint}".strip()) from None


@dataclass(frozen=True, slots=True)
class Item:
    """Reads one position of a tuple."""

    index: int

    def __call__(self, items: tuple[Any, ...]) -> Any:
        return items[self.index]


def part_nodes(source: Node, parts: list[tuple[str, Any, Any]]) -> list[Node]:
    """``source`` followed by one node per ``(name, type, reader)`` that reads it."""
    dep = (Dependency(source.name, source.return_type),)
    return [source] + [
        derived(source, name, reader, part_type, dep, f"'{name}' of {source.name}")
        for name, part_type, reader in parts
    ]


@dataclass(frozen=True, slots=True)
class Expander(Modifier):
    """Base of the three: expands each final node the creator made."""

    stage: ClassVar[str] = "expand"

    def apply(
        self, nodes: list[Node], fn: Callable[..., Any], config: Mapping[str, Any]
    ) -> list[Node]:
        finals = {n.name for n in final_nodes(nodes)}
        return each_chosen(nodes, finals, lambda node: self.expand(node, fn))

    def expand(self, node: Node, fn: Callable[..., Any]) -> list[Node]:
        raise NotImplementedError


@dataclass(frozen=True, slots=True)
class ExtractColumns(Expander):
    columns: tuple[str, ...]
    fill_with: Any = None

    def validate(self, fn: Callable[..., Any]) -> None:
        if not self.columns:
            raise misuse(fn, "@extract_columns names no columns", "list the columns to extract")
        check_names(fn, self.columns, "@extract_columns column")

    def expand(self, node: Node, fn: Callable[..., Any]) -> list[Node]:
        returned = hints.resolve(node.return_type, node.namespace)
        series = _series_type_for(returned)
        if series is None:
            raise misuse(
                fn,
                f"@extract_columns needs a DataFrame return annotation, got "
                f"{hints.describe(returned)}",
                "annotate the return type as pd.DataFrame (or another DataFrame type) "
                "so each column node has a type",
            )
        if self.fill_with is not None:  # the frame itself gains the missing columns too
            node = replace(node, callable=FillColumns(node.callable, self.columns, self.fill_with))
        return part_nodes(node, [(c, series, Column(c, self.fill_with)) for c in self.columns])


@dataclass(frozen=True, slots=True)
class FillColumns:
    """Calls the function, then adds each named column its DataFrame lacks, all ``fill``."""

    fn: Callable[..., Any]
    columns: tuple[str, ...]
    fill: Any

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        frame = self.fn(*args, **kwargs)
        missing = [name for name in self.columns if name not in frame.columns]
        if not missing:
            return frame
        if type(frame).__module__.startswith("polars"):
            import polars

            return frame.with_columns(*(polars.lit(self.fill).alias(name) for name in missing))
        return frame.assign(**{name: self.fill for name in missing})


def _series_type_for(frame_type: Any) -> Any:
    """The column type of a DataFrame class, or None when it is not one."""
    if not isinstance(frame_type, type) or frame_type.__name__ != "DataFrame":
        return None
    module = frame_type.__module__.split(".")[0]
    if module == "pandas":
        import pandas

        return pandas.Series
    if module == "polars":
        import polars

        return polars.Series
    return Any


def extract_columns(*columns: str, fill_with: Any = None) -> ExtractColumns:
    """One node per column of the returned DataFrame, named after the column."""
    return ExtractColumns(tuple(columns), fill_with)


@dataclass(frozen=True, slots=True)
class ExtractFields(Expander):
    fields: Any = None  # {name: type}, [names] (types from a TypedDict), or None (all)
    fill_with: Any = None  # put in the dict for a field it lacks (None: a missing field fails)

    def expand(self, node: Node, fn: Callable[..., Any]) -> list[Node]:
        returned = hints.resolve(node.return_type, node.namespace)
        declared = _typed_dict_fields(returned)
        fields = self._field_types(fn, returned, declared)
        check_names(fn, list(fields), "@extract_fields field")
        if self.fill_with is not None:
            node = replace(node, callable=FillMissing(node.callable, tuple(fields), self.fill_with))
        return part_nodes(node, [(name, kind, Field(name)) for name, kind in fields.items()])

    def _field_types(self, fn: Callable[..., Any], returned: Any, declared: Any) -> dict[str, Any]:
        origin = typing.get_origin(returned) or returned
        is_mapping = isinstance(origin, type) and issubclass(origin, Mapping | dict)
        if declared is None and not is_mapping and not isinstance(returned, str):
            raise misuse(
                fn,
                f"@extract_fields needs a dict return annotation, got {hints.describe(returned)}",
                "annotate the return type as dict or a TypedDict",
            )
        if isinstance(self.fields, Mapping):
            return dict(self.fields)
        args = typing.get_args(returned)
        if declared is None and self.fields is not None and len(args) == 2:
            return {name: args[1] for name in self.fields}  # dict[str, V]: every field is a V
        if declared is None:
            raise misuse(
                fn,
                "@extract_fields has no field types",
                "pass {field: type}, or annotate the return type with a TypedDict",
            )
        if self.fields is None:
            return declared
        for name in self.fields:
            if name not in declared:
                raise misuse(
                    fn,
                    f"@extract_fields names '{name}', which the TypedDict does not declare",
                    did_you_mean(name, declared) or f"it declares: {', '.join(declared)}",
                )
        return {name: declared[name] for name in self.fields}


def _typed_dict_fields(returned: Any) -> dict[str, Any] | None:
    if isinstance(returned, type) and hasattr(returned, "__total__") and issubclass(returned, dict):
        return typing.get_type_hints(returned)
    return None


def extract_fields(fields: Any = None, *others: str, fill_with: Any = None) -> ExtractFields:
    """One node per field of the returned dict.

    ``fields`` is ``{name: type}``, a list of names, or names given one by one
    (``extract_fields("a", "b")``); types of named fields come from a TypedDict
    or from ``dict[str, V]``. With ``fill_with``, a field the dict lacks is added
    with that value instead of failing the run.
    """
    if isinstance(fields, list | tuple):
        fields = [*fields, *others]
    elif isinstance(fields, str):
        fields = [fields, *others]
    return ExtractFields(fields, fill_with)


@dataclass(frozen=True, slots=True)
class FillMissing:
    """Calls the function, then adds each named field its dict lacks as ``fill``."""

    fn: Callable[..., Any]
    fields: tuple[str, ...]
    fill: Any

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        record = self.fn(*args, **kwargs)
        for name in self.fields:
            record.setdefault(name, self.fill)
        return record


@dataclass(frozen=True, slots=True)
class UnpackFields(Expander):
    names: tuple[str, ...]

    def expand(self, node: Node, fn: Callable[..., Any]) -> list[Node]:
        check_names(fn, self.names, "@unpack_fields name")
        returned = hints.resolve(node.return_type, node.namespace)
        types = _tuple_types(returned, len(self.names))
        if types is None:
            raise misuse(
                fn,
                f"@unpack_fields needs a tuple return annotation with at least "
                f"{len(self.names)} element types, got {hints.describe(returned)}",
                "annotate the return type as tuple[int, str, ...] (a type per position), "
                "or tuple[T, ...]",
            )
        parts = [(name, types[i], Item(i)) for i, name in enumerate(self.names)]
        return part_nodes(node, parts)


def _tuple_types(returned: Any, count: int) -> list[Any] | None:
    if typing.get_origin(returned) is not tuple:
        return None
    args = typing.get_args(returned)
    if len(args) == 2 and args[1] is Ellipsis:
        return [args[0]] * count
    return list(args[:count]) if len(args) >= count else None  # trailing positions unnamed


def unpack_fields(*fields: str) -> UnpackFields:
    """One node per position of the returned tuple, named in order."""
    return UnpackFields(tuple(fields))
