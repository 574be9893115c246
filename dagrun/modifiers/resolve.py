"""From modules and functions to nodes: which functions count, and what each becomes.

A function defined in a module (not imported into it) whose name does not start
with ``_`` is a node. Its signature is read straight from the code object: that
is an order of magnitude cheaper than ``inspect.signature`` and keeps building
near 10 µs a node. Decorators only record what they want on the function;
``nodes_from_functions`` is where those records are applied (``base.apply_modifiers``).
"""

from __future__ import annotations

import inspect
from collections.abc import Callable, Iterable, Iterator, Mapping
from types import FunctionType, ModuleType
from typing import Any

from dagrun.errors import GraphError
from dagrun.node import MISSING, Dependency, Node, Origin

_VARARGS = inspect.CO_VARARGS | inspect.CO_VARKEYWORDS
_ASYNC = inspect.CO_COROUTINE | inspect.CO_ASYNC_GENERATOR


def unwrapped(fn: Callable[..., Any]) -> Callable[..., Any]:
    """``fn`` without ``functools.wraps`` layers (cheap when there are none)."""
    return inspect.unwrap(fn) if hasattr(fn, "__wrapped__") else fn


def origin_of(fn: Callable[..., Any]) -> Origin:
    """Where ``fn`` is defined, for messages: module, file, first line, name."""
    code = getattr(unwrapped(fn), "__code__", None)
    module = getattr(fn, "__module__", "") or ""
    if code is None:
        return Origin(module, module, 0, getattr(fn, "__name__", repr(fn)))
    return Origin(module, code.co_filename, code.co_firstlineno, fn.__name__)


def is_node_function(name: str, value: Any, module_name: str) -> bool:
    """Whether a module attribute is a node: a public function defined in that module."""
    return (
        isinstance(value, FunctionType)
        and not name.startswith("_")
        and value.__module__ == module_name
    )


def module_functions(module: ModuleType) -> Iterator[Callable[..., Any]]:
    """The node functions of a module, in definition order."""
    module_name = module.__name__
    for name, value in vars(module).items():
        if is_node_function(name, value, module_name):
            yield value


def signature_of(fn: Callable[..., Any]) -> tuple[tuple[str, Any, Any], ...]:
    """``(name, raw annotation, default)`` for each parameter of ``fn``, cheaply.

    Raises:
        GraphError: the function takes ``*args``/``**kwargs`` or lacks an annotation.
    """
    refuse_coroutine(fn)
    target = unwrapped(fn)
    code = getattr(target, "__code__", None)
    if code is None or target is not fn:
        return _signature_via_inspect(fn)
    if code.co_flags & _VARARGS:
        raise GraphError(
            f"function '{fn.__name__}' takes *args or **kwargs",
            node=fn.__name__,
            origin=origin_of(fn),
            hint="name every input as its own parameter; the names wire the graph",
        )
    count = code.co_argcount + code.co_kwonlyargcount
    names = code.co_varnames[:count]
    annotations = fn.__annotations__
    defaults = fn.__defaults__ or ()
    kwdefaults = fn.__kwdefaults__ or {}
    first_default = code.co_argcount - len(defaults)
    params = []
    for index, name in enumerate(names):
        if index < code.co_argcount:
            default = defaults[index - first_default] if index >= first_default else MISSING
        else:
            default = kwdefaults.get(name, MISSING)
        if name not in annotations:
            raise missing_annotation(fn, f"parameter '{name}'")
        params.append((name, annotations[name], default))
    return tuple(params)


def refuse_coroutine(fn: Callable[..., Any]) -> None:
    """An ``async def`` function would hand its callers a coroutine, not its value: refuse it.

    Raises:
        GraphError: ``fn`` is a coroutine or async generator function.
    """
    code = getattr(fn, "__code__", None)
    if code is not None and code.co_flags & _ASYNC:
        raise GraphError(
            f"function '{fn.__name__}' is an async def function",
            node=fn.__name__,
            origin=origin_of(fn),
            hint="dagrun calls functions synchronously: make it a def (it may call "
            "asyncio.run), or run the flow with dagrun.hamilton.async_driver, which awaits "
            "the async def functions of its modules",
        )


def _signature_via_inspect(fn: Callable[..., Any]) -> tuple[tuple[str, Any, Any], ...]:
    params = []
    for param in inspect.signature(fn).parameters.values():
        if param.kind in (param.VAR_POSITIONAL, param.VAR_KEYWORD):
            raise GraphError(
                f"function '{fn.__name__}' takes *args or **kwargs",
                node=fn.__name__,
                origin=origin_of(fn),
                hint="name every input as its own parameter; the names wire the graph",
            )
        if param.annotation is param.empty:
            raise missing_annotation(fn, f"parameter '{param.name}'")
        default = MISSING if param.default is param.empty else param.default
        params.append((param.name, param.annotation, default))
    return tuple(params)


def missing_annotation(fn: Callable[..., Any], what: str) -> GraphError:
    return GraphError(
        f"{what} of function '{fn.__name__}' has no type annotation",
        node=fn.__name__,
        origin=origin_of(fn),
        hint="annotate it (use typing.Any when any value will do); "
        "dagrun checks the types along every edge",
    )


def return_type_of(fn: Callable[..., Any]) -> Any:
    """The raw return annotation of ``fn``; a missing one is a ``GraphError``."""
    annotations = getattr(unwrapped(fn), "__annotations__", {})
    if "return" not in annotations:
        raise missing_annotation(fn, "the return value")
    return annotations["return"]


def first_doc_line(fn: Callable[..., Any]) -> str:
    return inspect.cleandoc(fn.__doc__) if fn.__doc__ else ""


def function_node(fn: Callable[..., Any], name: str | None = None) -> Node:
    """The one node a plain function stands for, named ``name`` or after the function."""
    params = signature_of(fn)
    keyword_only = fn.__code__.co_kwonlyargcount if hasattr(fn, "__code__") else 0
    return Node(
        name=name or fn.__name__,
        callable=fn,
        return_type=return_type_of(fn),
        deps=tuple(Dependency(p, annotation, default) for p, annotation, default in params),
        origin=origin_of(fn),
        doc=first_doc_line(fn),
        namespace=getattr(fn, "__globals__", None),
        positional=keyword_only == 0,
    )


def nodes_from_functions(
    functions: Iterable[Callable[..., Any]],
    config: Mapping[str, Any],
    unresolved: dict[str, GraphError] | None = None,
) -> list[Node]:
    """Every node the functions stand for under ``config``, in order.

    ``config`` variants of one node are chosen together first: a ``@config.default``
    variant takes part only when no other variant of its node does. Undecorated
    functions take the fast path straight to ``function_node``.

    A node whose variants all miss the config is left out, as in Hamilton, so a
    caller may still supply it as an input. With ``unresolved`` given, the error
    explaining such a node is stored there for the plan to raise if the node is
    needed and not supplied; without it, the error is raised at once when another
    node requires the missing one.
    """
    from dagrun.modifiers.base import MODIFIERS_ATTR, apply_modifiers
    from dagrun.modifiers.config import choose_variants

    functions = list(functions)
    unhandled: dict[str, GraphError] = {}
    if any(MODIFIERS_ATTR in getattr(fn, "__dict__", ()) for fn in functions):
        functions, unhandled = choose_variants(functions, config)
    nodes: list[Node] = []
    for fn in functions:
        if MODIFIERS_ATTR in getattr(fn, "__dict__", ()):
            nodes.extend(apply_modifiers(fn, config))
        else:
            nodes.append(function_node(fn))
    if unresolved is not None:
        unresolved.update(unhandled)
    elif unhandled:
        _raise_if_needed(unhandled, nodes)
    return nodes


def _raise_if_needed(unhandled: Mapping[str, GraphError], nodes: list[Node]) -> None:
    """Raise the error of an unmade variant node that some node requires."""
    made = {node.name for node in nodes}
    for node in nodes:
        for dep in node.deps:
            if dep.required and dep.name in unhandled and dep.name not in made:
                raise unhandled[dep.name]


def nodes_from_modules(
    modules: Iterable[ModuleType],
    config: Mapping[str, Any],
    unresolved: dict[str, GraphError] | None = None,
) -> list[Node]:
    """Every node the modules define under ``config``, in module and definition order."""
    return nodes_from_functions(
        (fn for module in modules for fn in module_functions(module)), config, unresolved
    )
