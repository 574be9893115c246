"""Hamilton's ``hamilton.ad_hoc_utils``: a module made of functions or source, for notebooks.

dagrun builds a flow from modules, so these make one: it is registered in
``sys.modules`` (workers and pickling find it by name) and holds copies of the
functions, so the originals keep their own module.
"""

from __future__ import annotations

import linecache
import sys
import uuid
from collections.abc import Callable
from types import FunctionType, ModuleType
from typing import Any

from dagrun.hamilton._support import UsageError

__all__ = ["create_temporary_module", "module_from_source"]


def _fresh_name(module_name: str | None) -> str:
    name = module_name or f"temporary_module_{uuid.uuid4().hex}"
    if name in sys.modules:
        raise UsageError(
            f"a module named {name!r} is already loaded", hint="pass another module_name"
        )
    return name


def _moved(fn: Callable[..., Any], module_name: str) -> FunctionType:
    """A copy of ``fn`` (same code, globals, defaults and decorator records) in ``module_name``."""
    if not isinstance(fn, FunctionType):
        raise UsageError(f"{fn!r:.60} is not a function", hint="pass functions defined with def")
    copy = FunctionType(fn.__code__, fn.__globals__, fn.__name__, fn.__defaults__, fn.__closure__)
    copy.__dict__.update(fn.__dict__)
    copy.__annotations__ = dict(fn.__annotations__)
    copy.__kwdefaults__ = fn.__kwdefaults__
    copy.__doc__ = fn.__doc__
    copy.__qualname__ = fn.__qualname__
    copy.__module__ = module_name
    return copy


def create_temporary_module(
    *functions: Callable[..., Any], module_name: str | None = None
) -> ModuleType:
    """A module holding ``functions`` as its nodes.

    Raises:
        UsageError: the name is taken, two functions share a name, or one starts with ``_``
            (it would not be a node).
    """
    name = _fresh_name(module_name)
    module = ModuleType(name)
    for fn in functions:
        copy = _moved(fn, name)
        if copy.__name__.startswith("_"):
            raise UsageError(
                f"function {copy.__name__!r} starts with '_', so it would not be a node",
                hint="rename it, or leave it out of the module",
            )
        if hasattr(module, copy.__name__):
            raise UsageError(f"two functions are named {copy.__name__!r}", hint="rename one")
        setattr(module, copy.__name__, copy)
    sys.modules[name] = module
    return module


def module_from_source(source: str, module_name: str | None = None) -> ModuleType:
    """A module made by running ``source``; tracebacks and dagrun's messages show its lines."""
    name = _fresh_name(module_name)
    module = ModuleType(name)
    lines = source.splitlines(keepends=True)
    linecache.cache[name] = (len(source), None, lines, name)
    sys.modules[name] = module
    exec(compile(source, name, "exec"), module.__dict__)
    return module
