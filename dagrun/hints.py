"""Type hints: resolving them lazily and deciding what may flow into what.

Resolving annotations is the costly part of building, so nodes keep them raw
(possibly strings, under ``from __future__ import annotations``) and this module
resolves one only when an edge or an input needs checking, memoised per
(string, namespace).

The rules follow PEP 484: a producer fits a consumer when it is the same type or
a subclass, when the consumer takes ``Any`` or ``object``, when it is one member
of an ``Optional``/``Union``, and ``int`` fits ``float`` (and ``complex``).
Generics compare by their origin (``list[int]`` fits ``list``); anything the
rules cannot judge (type variables, protocols, ``Annotated`` metadata) is let
through rather than rejected.
"""

from __future__ import annotations

import sys
import types
import typing
from collections.abc import Mapping
from typing import Any, Union

from dagrun.parallel import COLLECT, role_of

_resolved: dict[tuple[str, int], Any] = {}
_UNJUDGEABLE = object()
_NONE_TYPE = type(None)
_NUMERIC_TOWER = {float: (int,), complex: (int, float)}


def resolve(annotation: Any, namespace: Mapping[str, Any] | None) -> Any:
    """The annotation as a type object; strings are evaluated in ``namespace``.

    An annotation that cannot be evaluated (a name the module never imports)
    is returned as the string, which every check then lets through.
    """
    if not isinstance(annotation, str):
        return annotation
    key = (annotation, id(namespace))
    try:
        return _resolved[key]
    except KeyError:
        pass
    try:
        scope = namespace if isinstance(namespace, dict) else dict(namespace or {})
        value = eval(annotation, scope, {})
    except Exception:
        value = annotation
    _resolved[key] = value
    return value


def resolve_in_module(annotation: Any, module_name: str) -> Any:
    """``resolve`` with the globals of an imported module."""
    module = sys.modules.get(module_name)
    return resolve(annotation, vars(module) if module else None)


def _union_members(hint: Any) -> tuple[Any, ...] | None:
    origin = typing.get_origin(hint)
    if origin is Union or (hasattr(types, "UnionType") and isinstance(hint, types.UnionType)):
        return typing.get_args(hint)
    return None


def _strip(hint: Any) -> Any:
    """Drop ``Annotated`` metadata and dagrun's wrappers that do not change the type."""
    origin = typing.get_origin(hint)
    if origin is typing.Annotated:
        return typing.get_args(hint)[0]
    if role_of(hint):  # Parallelizable[T] and Collect[T] carry a T
        args = typing.get_args(hint)
        return _strip(args[0]) if args else Any
    return hint


def _plain_class(hint: Any) -> Any:
    """The runtime class behind a hint (``list[int]`` -> ``list``), or _UNJUDGEABLE."""
    hint = _strip(hint)
    if hint is None:
        return _NONE_TYPE
    if isinstance(hint, type):
        return hint
    origin = typing.get_origin(hint)
    if isinstance(origin, type):
        return origin
    return _UNJUDGEABLE


def is_any(hint: Any) -> bool:
    return hint is Any or hint is object or isinstance(hint, str | typing.TypeVar)


def is_compatible(produced: Any, expected: Any) -> bool:
    """Whether a value annotated ``produced`` may be passed where ``expected`` is declared."""
    produced, expected = _strip(produced), _strip(expected)
    if produced == expected or is_any(expected) or is_any(produced):
        return True
    expected_members = _union_members(expected)
    produced_members = _union_members(produced)
    if produced_members is not None:
        return all(is_compatible(member, expected) for member in produced_members)
    if expected_members is not None:
        return any(is_compatible(produced, member) for member in expected_members)
    produced_class, expected_class = _plain_class(produced), _plain_class(expected)
    if _UNJUDGEABLE in (produced_class, expected_class):
        return True
    try:
        if issubclass(produced_class, expected_class):
            return True
    except TypeError:
        return True
    return produced_class in _NUMERIC_TOWER.get(expected_class, ())


def value_matches(value: Any, expected: Any) -> bool:
    """Whether a runtime ``value`` is acceptable for a parameter declared ``expected``."""
    if role_of(expected) == COLLECT:  # a Collect[T] parameter receives the items' list
        return isinstance(value, list | tuple)
    expected = _strip(expected)
    if is_any(expected):
        return True
    members = _union_members(expected)
    if members is not None:
        return any(value_matches(value, member) for member in members)
    cls = _plain_class(expected)
    if cls is _UNJUDGEABLE:
        return True
    if isinstance(value, cls):
        return True
    return type(value) in _NUMERIC_TOWER.get(cls, ())


def conforms(value: Any, hint: Any) -> bool:
    """Whether ``value`` is of the type ``hint`` names, looking inside containers.

    Stricter than ``value_matches``: no numeric tower (an ``int`` is not a
    ``float``), and the items of lists, sets, tuples and dicts are checked
    against the hint's arguments. A ``Collect[T]`` or ``Parallelizable[T]``
    holds a list of ``T``. Hints it cannot judge let the value through.
    """
    if role_of(hint):
        items = typing.get_args(hint)
        return isinstance(value, list | tuple) and all(
            conforms(item, items[0] if items else Any) for item in value
        )
    hint = _strip(hint)
    if is_any(hint):
        return True
    if hint is None:
        return value is None
    members = _union_members(hint)
    if members is not None:
        return any(conforms(value, member) for member in members)
    origin = typing.get_origin(hint)
    if origin is typing.Literal:
        return value in typing.get_args(hint)
    cls = hint if origin is None else origin
    if not isinstance(cls, type):
        return True
    return isinstance(value, cls) and _items_conform(value, typing.get_args(hint))


def _items_conform(value: Any, args: tuple[Any, ...]) -> bool:
    if not args:
        return True
    if isinstance(value, Mapping) and len(args) == 2:
        return all(conforms(k, args[0]) and conforms(v, args[1]) for k, v in value.items())
    if isinstance(value, tuple) and not (len(args) == 2 and args[1] is Ellipsis):
        return len(value) == len(args) and all(map(conforms, value, args))
    if isinstance(value, list | tuple | set | frozenset):
        return all(conforms(item, args[0]) for item in value)
    return True


def describe(hint: Any) -> str:
    """A short readable name for a hint: ``int``, ``list[str]``, ``Optional[int]``."""
    if isinstance(hint, str):
        return hint
    if isinstance(hint, type) and typing.get_origin(hint) is None:
        return hint.__qualname__ if hint.__module__ == "builtins" else hint.__name__
    text = repr(hint)
    return text.replace("typing.", "")
