"""``load_from``, ``save_to``, ``dataloader``, ``datasaver``: reading and writing as nodes.

``@load_from.<format>(path=..., inject_=...)`` feeds a parameter from a file:
a loader node ``<fn>.load_data.<param>`` (value and metadata) and a select node
``<fn>.select_data.<param>`` (the value) stand before the function. The type to
load as comes from the parameter's annotation (a pandas or polars DataFrame).
``@save_to.<format>(path=..., output_name_=...)`` adds a node after the
function's that writes its value (``save.<node>`` unless ``output_name_``).
Formats are the registry's (``dagrun.io.REGISTRY``), so a format registered
with ``dagrun.io.register_format`` works here too.

``@dataloader()`` marks a function returning ``(value, metadata)``: its node is
``<fn>.loader``, and ``<fn>`` is the value. ``@datasaver()`` marks a function
returning a dict of metadata about what it wrote.
"""

from __future__ import annotations

import typing
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from typing import Any, ClassVar

from dagrun import hints
from dagrun.errors import InputError, did_you_mean
from dagrun.io.materialize import (
    LOADER_TAG,
    SAVER_TAG,
    Arguments,
    Select,
    format_named,
    kind_for,
    loader_nodes,
    saver_node,
)
from dagrun.modifiers.base import Modifier, Target, each_chosen, misuse, select_targets
from dagrun.modifiers.resolve import function_node, origin_of, return_type_of, signature_of
from dagrun.node import Dependency, Node


def _arguments(fn: Callable[..., Any], kwargs: Mapping[str, Any], decorator: str) -> Arguments:
    arguments = Arguments.of(kwargs)
    try:
        arguments.check(f"@{decorator}")
    except InputError as error:
        raise misuse(fn, error.message, error.hint or "") from None
    return arguments


@dataclass(frozen=True, slots=True)
class LoadFrom(Modifier):
    """Loads one parameter of the function from a file."""

    format: str
    kwargs: Mapping[str, Any]
    inject: str | None = None
    stage: ClassVar[str] = "inject"

    def validate(self, fn: Callable[..., Any]) -> None:
        self.parameter(fn)
        _arguments(fn, self.kwargs, f"load_from.{self.format}")

    def parameter(self, fn: Callable[..., Any]) -> tuple[str, Any]:
        """The parameter to load into and its annotation."""
        params = {name: annotation for name, annotation, _ in signature_of(fn)}
        if self.inject is None:
            if len(params) != 1:
                raise misuse(
                    fn,
                    f"@load_from.{self.format} needs inject_= when the function takes "
                    f"{len(params)} parameters",
                    "name the parameter to load into: inject_='data'",
                )
            return next(iter(params.items()))
        if self.inject not in params:
            raise misuse(
                fn,
                f"@load_from.{self.format}(inject_={self.inject!r}) names no parameter",
                did_you_mean(self.inject, params) or f"its parameters: {', '.join(params)}",
            )
        return self.inject, params[self.inject]

    def apply(
        self, nodes: list[Node], fn: Callable[..., Any], config: Mapping[str, Any]
    ) -> list[Node]:
        param, annotation = self.parameter(fn)
        load_type = hints.resolve(annotation, getattr(fn, "__globals__", None))
        names = (f"{fn.__name__}.load_data.{param}", f"{fn.__name__}.select_data.{param}")
        arguments = _arguments(fn, self.kwargs, f"load_from.{self.format}")
        made = loader_nodes(
            self.format, kind_for(load_type), arguments, load_type, names, param, origin_of(fn)
        )
        fed = {node.name for node in nodes if param in node.params}
        return [*made, *each_chosen(nodes, fed, lambda node: [_fed(node, param, names[1])])]


def _fed(node: Node, param: str, source: str) -> Node:
    """``node`` with its parameter ``param`` read from node ``source``."""
    deps = list(node.deps)
    index = node.params.index(param)
    deps[index] = Dependency(source, deps[index].annotation)
    return replace(node, deps=tuple(deps))


@dataclass(frozen=True, slots=True)
class SaveTo(Modifier):
    """Adds a node that writes the function's value."""

    format: str
    kwargs: Mapping[str, Any]
    output_name: str | None = None
    target: Target = None
    stage: ClassVar[str] = "transform"

    def validate(self, fn: Callable[..., Any]) -> None:
        _arguments(fn, self.kwargs, f"save_to.{self.format}")

    def apply(
        self, nodes: list[Node], fn: Callable[..., Any], config: Mapping[str, Any]
    ) -> list[Node]:
        chosen = select_targets(nodes, self.target, fn, f"save_to.{self.format}")
        if self.output_name is not None and len(chosen) > 1:
            raise misuse(
                fn,
                f"@save_to.{self.format}(output_name_={self.output_name!r}) would save "
                f"{len(chosen)} nodes under one name",
                "pass target_= to name the node to save",
            )
        arguments = _arguments(fn, self.kwargs, f"save_to.{self.format}")

        def saved(node: Node) -> list[Node]:
            name = self.output_name or f"save.{node.name}"
            return [node, saver_node(self.format, arguments, node, name, node.origin)]

        return each_chosen(nodes, chosen, saved)


class _Formats:
    """``load_from``/``save_to``: one decorator per registry format, reached as an attribute."""

    def __init__(self, make: Callable[[str], Callable[..., Modifier]], label: str) -> None:
        self._make = make
        self._label = label

    def __getattr__(self, name: str) -> Callable[..., Modifier]:
        if name.startswith("_"):
            raise AttributeError(name)
        return self._make(format_named(name, self._label))

    def __repr__(self) -> str:
        return f"dagrun.{self._label}"


def _load_from(format: str) -> Callable[..., LoadFrom]:
    def decorator(inject_: str | None = None, **kwargs: Any) -> LoadFrom:
        return LoadFrom(format, kwargs, inject_)

    return decorator


def _save_to(format: str) -> Callable[..., SaveTo]:
    def decorator(output_name_: str | None = None, target_: Target = None, **kwargs: Any) -> SaveTo:
        return SaveTo(format, kwargs, output_name_, target_)

    return decorator


load_from = _Formats(_load_from, "load_from")
"""``@load_from.csv(path=source("csv_path"))``: the function's parameter is read from a file."""
save_to = _Formats(_save_to, "save_to")
"""``@save_to.json(path=..., output_name_=...)``: a node that writes the function's value."""


@dataclass(frozen=True, slots=True)
class DataLoader(Modifier):
    """The function loads data itself and returns ``(value, metadata)``."""

    stage: ClassVar[str] = "create"

    def validate(self, fn: Callable[..., Any]) -> None:
        returned = hints.resolve(return_type_of(fn), getattr(fn, "__globals__", None))
        args = typing.get_args(returned)
        second = typing.get_origin(args[1]) or args[1] if len(args) == 2 else None
        if typing.get_origin(returned) is not tuple or second is not dict:
            raise misuse(
                fn,
                f"@dataloader needs a tuple[VALUE, dict] return annotation, got "
                f"{hints.describe(returned)}",
                "return (value, metadata) and annotate it as tuple[pd.DataFrame, dict]",
            )

    def create(self, fn: Callable[..., Any], config: Mapping[str, Any], name: str) -> list[Node]:
        loader = function_node(fn, f"{name}.loader")
        tags = {
            LOADER_TAG: True,
            f"{LOADER_TAG}.node": name,
            f"{LOADER_TAG}.classname": f"{fn.__name__}()",
        }
        returned = hints.resolve(loader.return_type, loader.namespace)
        value_type = typing.get_args(returned)[0]
        select = Node(
            name=name,
            callable=Select(),
            return_type=value_type,
            deps=(Dependency(loader.name, loader.return_type),),
            origin=loader.origin,
            doc=loader.doc,
            tags={**tags, f"{LOADER_TAG}.has_metadata": False, f"{LOADER_TAG}.source": name},
            namespace=loader.namespace,
            params=("loaded",),
        )
        loader_tags = {**tags, f"{LOADER_TAG}.has_metadata": True, f"{LOADER_TAG}.source": "loader"}
        return [replace(loader, tags={**loader.tags, **loader_tags}), select]


@dataclass(frozen=True, slots=True)
class DataSaver(Modifier):
    """The function saves data itself and returns a dict of metadata."""

    stage: ClassVar[str] = "create"

    def validate(self, fn: Callable[..., Any]) -> None:
        returned = hints.resolve(return_type_of(fn), getattr(fn, "__globals__", None))
        if returned not in (dict, typing.Dict):  # noqa: UP006 - Hamilton accepts both
            raise misuse(
                fn,
                f"@datasaver needs a dict return annotation, got {hints.describe(returned)}",
                "return metadata about what was saved, annotated as dict",
            )

    def create(self, fn: Callable[..., Any], config: Mapping[str, Any], name: str) -> list[Node]:
        node = function_node(fn, name)
        tags = {SAVER_TAG: True, f"{SAVER_TAG}.sink": name, f"{SAVER_TAG}.classname": f"{name}()"}
        return [replace(node, tags={**node.tags, **tags})]


def dataloader() -> DataLoader:
    """Mark a function that loads data and returns ``(value, metadata)``."""
    return DataLoader()


def datasaver() -> DataSaver:
    """Mark a function that saves data and returns metadata about it."""
    return DataSaver()
