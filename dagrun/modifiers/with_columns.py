"""``with_columns``: a flow of column functions run on one DataFrame parameter.

The decorated function's DataFrame parameter (the first, or ``on_input``) gets
the frame with new columns instead of the frame itself. Under the namespace
(default: the function's name) the decorator makes, as Hamilton does:

- ``<ns>.<column>`` for each of ``columns_to_pass``: that column of the frame;
- ``<ns>.<node>`` for each node of ``load_from`` (modules and functions), built
  with the config (only the ``config_required`` keys, when given); a parameter
  naming a node made here reads it, any other is read from outside under its
  own name (with ``on_input``, that is how a function reads the frame itself);
- ``<ns>._append``: the frame with the ``select`` nodes put on as columns named
  after them (default: every node here annotated with the library's column
  type), which the function's parameter then reads.

With ``select``, only the nodes it needs are made. The library decides the rest
(``Frames``): pandas (columns are ``pd.Series``, put on with ``assign``), polars
``DataFrame`` (``pl.Series``, ``with_columns``) and polars ``LazyFrame``
(``pl.Expr`` from ``pl.col``, ``with_columns``). ``dagrun.with_columns`` picks
the library from the parameter's annotation; Hamilton's plugins fix it.
"""

from __future__ import annotations

import importlib
import sys
from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass, replace
from typing import Any, ClassVar

from dagrun import hints
from dagrun.errors import did_you_mean
from dagrun.modifiers.base import Modifier, check_names, derived, misuse
from dagrun.modifiers.extract import Column
from dagrun.modifiers.resolve import nodes_from_functions, signature_of
from dagrun.modifiers.subdag import functions_of, namespaced
from dagrun.node import Dependency, Node

APPEND = "_append"  # Hamilton's name for the node that puts the columns on the frame


@dataclass(frozen=True, slots=True)
class Frames:
    """One library's frames: their types, how a column is read, how columns are put on."""

    library: str  # the module holding the classes: pandas or polars
    frame: str  # the frame class
    column: str  # the class of a column (what the column functions take and return)
    plugin: str  # Hamilton's plugin of this library, for messages

    @property
    def title(self) -> str:
        return f"{self.library}.{self.frame}"

    def frame_type(self) -> type:
        return getattr(importlib.import_module(self.library), self.frame)

    def column_type(self) -> type:
        return getattr(importlib.import_module(self.library), self.column)

    def fits(self, annotation: Any) -> bool:
        """Whether ``annotation`` is this frame class (or a subclass); imports nothing new."""
        return (
            isinstance(annotation, type)
            and self.library in sys.modules
            and issubclass(annotation, self.frame_type())
        )

    def pick(self, frame: Any, name: str) -> Any:
        if self.frame == "LazyFrame":
            import polars

            return polars.col(name)
        return Column(name)(frame)

    def put(self, frame: Any, columns: Mapping[str, Any]) -> Any:
        if self.library == "pandas":
            return frame.assign(**columns)
        return frame.with_columns(**columns)


PANDAS = Frames("pandas", "DataFrame", "Series", "h_pandas")
POLARS = Frames("polars", "DataFrame", "Series", "h_polars")
LAZY = Frames("polars", "LazyFrame", "Expr", "h_polars_lazyframe")
LIBRARIES = (PANDAS, POLARS, LAZY)


@dataclass(frozen=True, slots=True)
class PickColumn:
    """The node callable reading one column of the frame."""

    frames: Frames
    name: str

    def __call__(self, frame: Any) -> Any:
        return self.frames.pick(frame, self.name)


@dataclass(frozen=True, slots=True)
class PutColumns:
    """The node callable putting the selected columns on the frame, in ``select`` order."""

    frames: Frames
    names: tuple[str, ...]

    def __call__(self, frame: Any, *columns: Any) -> Any:
        return self.frames.put(frame, dict(zip(self.names, columns, strict=True)))


@dataclass(frozen=True, slots=True)
class WithColumns(Modifier):
    """Runs ``load_from`` on the columns of a DataFrame parameter, before the function."""

    load_from: tuple[Any, ...]
    columns_to_pass: tuple[str, ...] | None = None
    pass_dataframe_as: str | None = None
    on_input: str | None = None
    select: tuple[str, ...] | None = None
    namespace: str | None = None
    config_required: tuple[str, ...] | None = None
    frames: Frames | None = None  # None: chosen from the parameter's annotation
    stage: ClassVar[str] = "inject"

    def validate(self, fn: Callable[..., Any]) -> None:
        if not self.load_from:
            raise misuse(fn, "@with_columns has nothing to load", "pass modules or functions first")
        if self.pass_dataframe_as is not None:
            raise misuse(
                fn,
                "@with_columns(pass_dataframe_as=...) is not supported for pandas or polars "
                "(Hamilton refuses it too)",
                "use on_input='<parameter>': the functions then read the frame by that name",
            )
        if (self.columns_to_pass is None) == (self.on_input is None):
            given = "both" if self.columns_to_pass is not None else "neither"
            raise misuse(
                fn,
                f"@with_columns got {given} of columns_to_pass and on_input",
                "pass columns_to_pass=[...] to have the columns read for you, or "
                "on_input='<parameter>' to read them from the frame yourself",
            )
        if self.columns_to_pass == ():
            raise misuse(
                fn,
                "@with_columns(columns_to_pass=[]) passes no column",
                "name the columns the functions read, or use on_input='<parameter>'",
            )
        check_names(fn, self.columns_to_pass or (), "@with_columns column")
        if self.select is not None:
            check_names(fn, self.select, "@with_columns select")

    def apply(
        self, nodes: list[Node], fn: Callable[..., Any], config: Mapping[str, Any]
    ) -> list[Node]:
        param, annotation = self._parameter(fn)
        frames = self._frames(fn, param, annotation)
        space = fn.__name__ if self.namespace is None else self.namespace
        owner = next((node for node in nodes if param in node.params), None)
        if owner is None:
            raise misuse(
                fn,
                f"@with_columns feeds parameter '{param}', which no node of the function reads",
                "keep the DataFrame parameter as the function's own (not bound by another "
                "decorator)",
            )
        made = self._columns(owner, param, annotation, frames) + self._flow(fn, config)
        _refuse_duplicates(fn, made, self.columns_to_pass or ())
        made, chosen = self._selected(fn, made, frames)
        columns = [Dependency(name, frames.column_type()) for name in chosen]
        deps = (Dependency(param, annotation), *columns)
        call = PutColumns(frames, chosen)
        append = derived(owner, APPEND, call, annotation, deps, f"{fn.__name__}'s frame + columns")
        local = {node.name for node in made} | {APPEND}
        inner = [namespaced(node, space, local) for node in [*made, append]]
        rewired = [_reading(node, param, f"{space}.{APPEND}") for node in nodes]
        return [*inner, *rewired]

    def _parameter(self, fn: Callable[..., Any]) -> tuple[str, Any]:
        """The frame parameter's name and resolved annotation."""
        params = {name: annotation for name, annotation, _ in signature_of(fn)}
        if not params:
            raise misuse(
                fn,
                "@with_columns is on a function without parameters",
                "give it the DataFrame parameter to add the columns to",
            )
        param = self.on_input or next(iter(params))
        if param not in params:
            raise misuse(
                fn,
                f"@with_columns(on_input={param!r}) names no parameter of the function",
                did_you_mean(param, params) or "name the DataFrame parameter",
            )
        return param, hints.resolve(params[param], getattr(fn, "__globals__", None))

    def _frames(self, fn: Callable[..., Any], param: str, annotation: Any) -> Frames:
        """The library of the frame: the decorator's own, or the one the annotation names."""
        fitting = [frames for frames in LIBRARIES if frames.fits(annotation)]
        if self.frames is not None and self.frames in fitting:
            return self.frames
        if self.frames is None and fitting:
            return fitting[0]
        wanted = self.frames.title if self.frames else "a pandas or polars DataFrame or LazyFrame"
        other = (
            f"; for a {fitting[0].title} use {fitting[0].plugin}.with_columns" if fitting else ""
        )
        raise misuse(
            fn,
            f"@with_columns works on {wanted}, but parameter '{param}' is annotated "
            f"{hints.describe(annotation)}",
            f"annotate '{param}' with the frame class{other}",
        )

    def _columns(self, owner: Node, param: str, frame: Any, frames: Frames) -> list[Node]:
        """A node per ``columns_to_pass`` reading that column of the frame."""
        dep = (Dependency(param, frame),)
        return [
            derived(owner, name, PickColumn(frames, name), frames.column_type(), dep, f"'{name}'")
            for name in self.columns_to_pass or ()
        ]

    def _flow(self, fn: Callable[..., Any], config: Mapping[str, Any]) -> list[Node]:
        """The nodes of ``load_from``, built with the config (or its required part)."""
        if self.config_required is not None:
            missing = [key for key in self.config_required if key not in config]
            if missing:
                raise misuse(
                    fn,
                    f"@with_columns requires config keys the config does not set: {missing}",
                    "add them to the driver's config",
                )
            config = {key: config[key] for key in self.config_required}
        return nodes_from_functions(functions_of(self.load_from, by_name=True), config)

    def _selected(
        self, fn: Callable[..., Any], made: list[Node], frames: Frames
    ) -> tuple[list[Node], tuple[str, ...]]:
        """The nodes the selected columns need, and the selected names."""
        if self.select is None:
            column = frames.column_type()
            chosen = [n.name for n in made if hints.resolve(n.return_type, n.namespace) is column]
            return made, tuple(chosen)
        if not self.select:
            raise misuse(fn, "@with_columns(select=[]) selects nothing", "name the columns to add")
        return _upstream(fn, made, self.select), self.select


def _refuse_duplicates(fn: Callable[..., Any], made: list[Node], columns: Collection[str]) -> None:
    seen: set[str] = set()
    for node in made:
        if node.name in seen:
            hint = (
                "columns_to_pass only adds columns; to change one in place, use on_input and "
                "read the column from the frame yourself"
                if node.name in columns
                else "rename one of the functions"
            )
            raise misuse(fn, f"@with_columns makes '{node.name}' twice", hint)
        seen.add(node.name)


def _upstream(fn: Callable[..., Any], made: list[Node], select: tuple[str, ...]) -> list[Node]:
    """The nodes of ``made`` that the selected ones need, themselves included."""
    by_name = {node.name: node for node in made}
    for name in select:
        if name not in by_name:
            raise misuse(
                fn,
                f"@with_columns selects '{name}', which its functions do not make",
                did_you_mean(name, by_name) or f"they make: {', '.join(sorted(by_name))}",
            )
    needed: set[str] = set()
    stack = list(select)
    while stack:
        name = stack.pop()
        if name not in needed:
            needed.add(name)
            stack.extend(dep for dep in by_name[name].dep_names if dep in by_name)
    return [node for node in made if node.name in needed]


def _reading(node: Node, param: str, name: str) -> Node:
    """``node`` with its dependency on ``param`` read from ``name`` instead."""
    if param not in node.dep_names:
        return node
    deps = tuple(replace(dep, name=name) if dep.name == param else dep for dep in node.deps)
    return replace(node, deps=deps)


def with_columns(
    *load_from: Any,
    columns_to_pass: Collection[str] | None = None,
    pass_dataframe_as: str | None = None,
    on_input: str | None = None,
    select: Collection[str] | None = None,
    namespace: str | None = None,
    config_required: Collection[str] | None = None,
    frames: Frames | None = None,
) -> WithColumns:
    """Run the column functions of ``load_from`` on a DataFrame parameter (the module doc)."""
    return WithColumns(
        tuple(load_from),
        None if columns_to_pass is None else tuple(columns_to_pass),
        pass_dataframe_as,
        on_input,
        None if select is None else tuple(select),
        namespace,
        None if config_required is None else tuple(config_required),
        frames,
    )
