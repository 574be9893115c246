"""Creators that bind parameters: ``parameterize`` and its variants, ``inject``, ``does``.

``parameterize`` makes one node per output name, the function itself is no node;
each output binds some parameters to other nodes (``source``) or constants
(``value``, ``group``). The node's docstring is the function's, formatted with
the bindings (``{threshold}`` becomes the constant or the source's name).
"""

from __future__ import annotations

import inspect
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from typing import Any, ClassVar

from dagrun.modifiers.base import Modifier, check_names, misuse
from dagrun.modifiers.dependencies import Source, Value, as_binding, bind
from dagrun.modifiers.resolve import (
    first_doc_line,
    function_node,
    origin_of,
    return_type_of,
    signature_of,
)
from dagrun.node import Node


@dataclass(frozen=True, slots=True)
class Parameterize(Modifier):
    """One node per output: ``(name, bindings, doc or None)``."""

    outputs: tuple[tuple[str, Mapping[str, Any], str | None], ...]
    decorator: str = "parameterize"
    stage: ClassVar[str] = "create"

    def validate(self, fn: Callable[..., Any]) -> None:
        if not self.outputs:
            raise misuse(fn, f"@{self.decorator} names no outputs", "give at least one output")
        check_names(fn, [name for name, _, _ in self.outputs], f"@{self.decorator} output")

    def create(self, fn: Callable[..., Any], config: Mapping[str, Any], name: str) -> list[Node]:
        params = signature_of(fn)
        return [
            bound_node(fn, params, output, bindings, doc, self.decorator)
            for output, bindings, doc in self.outputs
        ]


def bound_node(
    fn: Callable[..., Any],
    params: tuple[tuple[str, Any, Any], ...],
    name: str,
    bindings: Mapping[str, Any],
    doc: str | None,
    decorator: str,
) -> Node:
    """The node ``name`` that calls ``fn`` with ``bindings`` in place."""
    binder = bind(fn, params, bindings, decorator)
    return Node(
        name=name,
        callable=binder.callable_for(fn),
        return_type=return_type_of(fn),
        deps=tuple(binder.deps),
        origin=origin_of(fn),
        doc=doc if doc is not None else _formatted_doc(fn, bindings),
        namespace=getattr(fn, "__globals__", None),
        params=tuple(binder.labels),
    )


def _formatted_doc(fn: Callable[..., Any], bindings: Mapping[str, Any]) -> str:
    doc = first_doc_line(fn)
    if "{" not in doc:
        return doc
    shown = {}
    for param, binding in bindings.items():
        binding = as_binding(binding)
        shown[param] = (
            binding.name if isinstance(binding, Source) else getattr(binding, "value", "")
        )
    try:
        return doc.format(**shown)
    except (KeyError, IndexError, ValueError):
        return doc


def parameterize(**outputs: Any) -> Parameterize:
    """One node per keyword: ``name={param: source(...) | value(...) | group(...)}``.

    A value may also be ``(bindings, doc)`` to give that node its own docstring.
    """
    records = []
    for name, spec in outputs.items():
        bindings, doc = spec if isinstance(spec, tuple) else (spec, None)
        records.append((name, dict(bindings), doc))
    return Parameterize(tuple(records), "parameterize")


def parameterize_sources(**outputs: Mapping[str, str]) -> Parameterize:
    """One node per keyword, each binding parameters to other nodes by name."""
    return Parameterize(
        tuple(
            (name, {param: Source(src) for param, src in sources.items()}, None)
            for name, sources in outputs.items()
        ),
        "parameterize_sources",
    )


def parameterize_values(parameter: str, assigned_output: Mapping[Any, Any]) -> Parameterize:
    """One node per key of ``assigned_output``, binding ``parameter`` to its constant.

    A key is a node name or ``(node name, docstring)``.
    """
    records = []
    for key, literal in assigned_output.items():
        name, doc = key if isinstance(key, tuple) else (key, None)
        records.append((name, {parameter: Value(literal)}, doc))
    return Parameterize(tuple(records), "parameterize_values")


@dataclass(frozen=True, slots=True)
class Inject(Modifier):
    """The function's own node, with some parameters bound."""

    bindings: Mapping[str, Any]
    stage: ClassVar[str] = "create"

    def create(self, fn: Callable[..., Any], config: Mapping[str, Any], name: str) -> list[Node]:
        return [bound_node(fn, signature_of(fn), name, self.bindings, None, "inject")]


def inject(**bindings: Any) -> Inject:
    """Bind parameters of the function's own node to nodes, constants or groups."""
    return Inject(bindings)


@dataclass(frozen=True, slots=True)
class Replaced:
    """Calls ``fn`` with the node's arguments renamed: ``renames`` maps node param -> fn param."""

    fn: Callable[..., Any]
    labels: tuple[str, ...]
    renames: Mapping[str, str]
    defaults: Mapping[str, Any]  # the decorated function's: they fill what the node left out

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        given = {**self.defaults, **dict(zip(self.labels, args, strict=False)), **kwargs}
        return self.fn(**{self.renames.get(key, key): item for key, item in given.items()})


@dataclass(frozen=True, slots=True)
class Does(Modifier):
    """The function's signature with another function's body."""

    replacing: Callable[..., Any]
    mapping: Mapping[str, str]  # replacing function's parameter -> decorated function's
    stage: ClassVar[str] = "create"

    def validate(self, fn: Callable[..., Any]) -> None:
        if not has_empty_body(fn):
            raise misuse(
                fn,
                f"@does replaces the body of '{fn.__name__}', but it has one",
                "leave the body empty: `pass` or `...` (a docstring may stay)",
            )
        names = [name for name, _, _ in signature_of(fn)]
        for theirs, ours in self.mapping.items():
            if ours not in names:
                raise misuse(
                    fn,
                    f"@does maps '{theirs}' to '{ours}', which is not a parameter of the function",
                    f"its parameters are: {', '.join(names) or 'none'}",
                )
        try:
            wanted = inspect.signature(self.replacing)
            renames = {ours: theirs for theirs, ours in self.mapping.items()}
            wanted.bind(**{renames.get(name, name): None for name in names})
        except TypeError as error:
            raise misuse(
                fn,
                f"@does({getattr(self.replacing, '__name__', self.replacing)}) cannot take "
                f"the function's parameters: {error}",
                "map parameters with @does(fn, their_name='our_name') or accept **kwargs",
            ) from None

    def create(self, fn: Callable[..., Any], config: Mapping[str, Any], name: str) -> list[Node]:
        node = function_node(fn, name)
        renames = {ours: theirs for theirs, ours in self.mapping.items()}
        defaults = {
            name: parameter.default
            for name, parameter in inspect.signature(fn).parameters.items()
            if parameter.default is not inspect.Parameter.empty
        }
        call = Replaced(self.replacing, node.params, renames, defaults)
        return [replace(node, callable=call, positional=True)]


def _empty() -> None:
    pass


def _empty_documented() -> None:
    """A docstring and nothing else."""


# What an empty function compiles to (with or without a docstring), for @does.
_EMPTY_BODIES = frozenset({_empty.__code__.co_code, _empty_documented.__code__.co_code})


def has_empty_body(fn: Callable[..., Any]) -> bool:
    """Whether ``fn``'s body is only ``pass`` or ``...`` (a docstring may stay): a stand-in."""
    code = getattr(fn, "__code__", None)
    return code is None or code.co_code in _EMPTY_BODIES


def does(replacing_function: Callable[..., Any], **argument_mapping: str) -> Does:
    """Compute the node with ``replacing_function``; the decorated body is not run."""
    return Does(replacing_function, argument_mapping)
