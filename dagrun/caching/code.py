"""Code fingerprints: a digest of what a node's function does, not how it is written.

A function's fingerprint is taken from its compiled code object — the normal
form Python itself makes of the source: comments, blank lines and formatting
leave no trace in it and its docstring is dropped, while any change to what the
function computes changes it. Hashing the code that is actually loaded (rather
than the file on disk) also means a file edited after import cannot be mistaken
for the code that ran. The fingerprint covers, transitively:

- the function's bytecode, constants, names and nested functions;
- every helper it reads from its module's globals: functions and classes
  defined in the user's own files (not the standard library, installed
  packages or dagrun), reached also through ``module.helper`` for the user's
  modules, and builtin constants such as ``THRESHOLD = 5``;
- its defaults, the values its closure captures, and dagrun's decorator records
  (so ``@parameterize(x=value(5))`` and ``@check_output(range=(0, 1))`` count);
- the version of every installed library it (or a helper) reads — a module
  (``pd``), a function or class (``GradientBoostingRegressor``): upgrading
  scikit-learn reruns the nodes that use it, and only those. The library's code
  itself is not hashed: its version stands for it.

A Python upgrade changes bytecode, so the first run after one recomputes.
"""

from __future__ import annotations

import dataclasses
import functools
import inspect
import struct
import sys
import sysconfig
from collections.abc import Callable
from pathlib import Path
from types import BuiltinFunctionType, CodeType, FunctionType, MethodType, ModuleType
from typing import Any

from dagrun.caching.fingerprint import digest, feed, fingerprint, new_hasher
from dagrun.node import Node

MODIFIERS_ATTR = "__dagrun_modifiers__"  # where decorators record themselves (modifiers/base.py)
_CONSTANTS = (type(None), bool, int, float, complex, str, bytes, tuple, frozenset, list, dict, set)
# Functions keep their docstring (or None) in co_consts[0] up to 3.13; 3.14 flags it.
_HAS_DOCSTRING = getattr(inspect, "CO_HAS_DOCSTRING", None)
_COMPREHENSIONS = frozenset({"<listcomp>", "<setcomp>", "<dictcomp>", "<genexpr>"})


class CodeFingerprints:
    """Computes and memoises code fingerprints for one run."""

    def __init__(self) -> None:
        self._callables: dict[Any, str] = {}
        self._codes: dict[CodeType, str] = {}
        self._names: dict[CodeType, set[str]] = {}
        self._constants: dict[int, tuple[Any, str]] = {}  # id -> (the value, kept alive; digest)
        self._active: set[int] = set()

    def node(self, node: Node) -> str:
        """The fingerprint of everything that decides what ``node`` computes."""
        parts = [node.name, node.role, *node.params, "|", *node.dep_names]
        parts.append(self.callable(node.callable))
        defined = _defining_function(node)
        if defined is not None and defined is not node.callable:
            parts.append(self.callable(defined))
        return digest(*parts)

    def callable(self, target: Any) -> str:
        """The fingerprint of any callable: a user function, a partial, a callable object."""
        memo = isinstance(target, (FunctionType, type))
        known = self._callables.get(target) if memo else None
        if known is not None:
            return known
        if id(target) in self._active:  # a callable bound into itself
            return _type_name(target)
        self._active.add(id(target))
        try:
            result = self._compute(target)
        finally:
            self._active.discard(id(target))
        if memo:
            self._callables[target] = result
        return result

    def _compute(self, target: Any) -> str:
        if isinstance(target, functools.partial):
            return digest(
                "partial",
                self.callable(target.func),
                self.value(target.args),
                self.value(target.keywords),
            )
        if isinstance(target, MethodType):
            return digest("method", self.callable(target.__func__), _type_name(target.__self__))
        if isinstance(target, FunctionType):
            if _is_user_code(target.__code__.co_filename):
                return self._reach(target)
            cells = [_cell(cell) for cell in target.__closure__ or ()]
            name = f"{target.__module__}.{target.__qualname__}"
            return digest("library", name, self.value(cells))
        kind = type(target)
        call = next((vars(k)["__call__"] for k in kind.__mro__ if "__call__" in vars(k)), None)
        code = self.callable(call) if isinstance(call, FunctionType) else ""
        return digest("object", _type_name(target), code, self.value(_state(target)))

    def value(self, value: Any) -> str:
        """A bound value (closure cell, default, decorator field): callables by code."""
        if isinstance(value, (FunctionType, functools.partial, MethodType)):
            return self.callable(value)
        if isinstance(value, (list, tuple)):
            return digest("seq", *(self.value(item) for item in value))
        if isinstance(value, dict):
            return digest("map", *(self.value(item) for pair in value.items() for item in pair))
        if dataclasses.is_dataclass(value) and not isinstance(value, type):
            return digest(_type_name(value), self.value(_state(value)))
        return fingerprint(value) or _type_name(value)

    def _reach(self, root: FunctionType) -> str:
        """``root``'s own digest plus those of the user helpers and constants it reaches."""
        seen: dict[str, str] = {}
        stack: list[tuple[str, Any]] = [("", root)]
        while stack:
            label, target = stack.pop()
            own, names, namespace = self._own(target)
            seen[label] = own
            for name, found in _referenced(names, namespace):
                key = f"{getattr(found, '__module__', '')}:{name}"
                if key in seen:
                    continue
                if isinstance(found, (FunctionType, type)) and _is_user_object(found):
                    seen[key] = ""
                    stack.append((key, found))
                elif isinstance(found, _CONSTANTS):
                    seen[key] = self._constant(found)
                else:
                    library = _library_of(found)
                    if library is not None:
                        seen[f"library:{library[0]}"] = library[1]
        if len(seen) == 1:
            return seen[""]
        return digest(*(part for item in sorted(seen.items()) for part in item))

    def _constant(self, value: Any) -> str:
        """A module-level value's fingerprint, once per run however many functions read it."""
        known = self._constants.get(id(value))
        if known is None or known[0] is not value:
            known = self._constants[id(value)] = (value, fingerprint(value) or _type_name(value))
        return known[1]

    def _own(self, target: Any) -> tuple[str, set[str], dict[str, Any]]:
        """(digest, global names read, namespace) of one function or class on its own."""
        if isinstance(target, type):
            module = sys.modules.get(target.__module__)
            members = [v for v in vars(target).values() if isinstance(v, FunctionType)]
            names = set().union(*(_names(m.__code__) for m in members)) if members else set()
            parts = [self.code(m.__code__) for m in members]
            parts += [
                self.value(v)
                for k, v in vars(target).items()
                if isinstance(v, _CONSTANTS) and not k.startswith("__")
            ]
            return digest(_type_name(target), *parts), names, vars(module) if module else {}
        code = target.__code__
        own = self.code(code)
        records = target.__dict__.get(MODIFIERS_ATTR) if target.__dict__ else None
        if target.__defaults__ or target.__kwdefaults__ or target.__closure__ or records:
            cells = [_cell(cell) for cell in target.__closure__ or ()]
            bound = [target.__defaults__, target.__kwdefaults__, cells, records]
            own = digest(own, self.value([extra or () for extra in bound]))
        names = self._names.get(code)
        if names is None:
            names = self._names[code] = _names(code)
        return own, names, target.__globals__

    def code(self, code: CodeType) -> str:
        """A code object's digest: bytecode, names, constants (docstring dropped), nested code."""
        known = self._codes.get(code)
        if known is not None:
            return known
        consts = code.co_consts
        if _docstring_slot(code) and consts and isinstance(consts[0], (str, type(None))):
            consts = consts[1:]
        hasher = new_hasher()
        table = getattr(code, "co_exceptiontable", b"")
        hasher.update(
            struct.pack(
                "<6q",
                len(code.co_code),
                len(table),
                code.co_argcount,
                code.co_posonlyargcount,
                code.co_kwonlyargcount,
                code.co_flags,
            )
        )
        hasher.update(code.co_code + table)
        hasher.update(
            f"{' '.join(code.co_names)}\0{' '.join(code.co_varnames)}\0"
            f"{' '.join(code.co_freevars)}\0{' '.join(code.co_cellvars)}".encode()
        )
        for const in consts:
            if isinstance(const, CodeType):
                hasher.update(self.code(const).encode())
            else:
                try:
                    feed(hasher, const)
                except Exception:  # a constant that will not pickle: its type stands in
                    hasher.update(_type_name(const).encode())
        result = hasher.hexdigest()
        self._codes[code] = result
        return result


def _docstring_slot(code: CodeType) -> bool:
    """Whether ``co_consts[0]`` is the docstring slot: functions and lambdas up to 3.13
    keep the docstring or None there; comprehensions and class bodies do not."""
    if _HAS_DOCSTRING is not None:
        return bool(code.co_flags & _HAS_DOCSTRING)
    return bool(code.co_flags & inspect.CO_OPTIMIZED) and code.co_name not in _COMPREHENSIONS


def _names(code: CodeType) -> set[str]:
    """Global (and attribute) names the code and its nested code read.

    ``co_names`` holds globals and attribute names, never parameters or locals,
    so ``def c(a): return a`` does not reach a node named ``a``.
    """
    found = set(code.co_names)
    for const in code.co_consts:
        if isinstance(const, CodeType):
            found |= _names(const)
    return found


def _referenced(names: set[str], namespace: dict[str, Any]) -> list[tuple[str, Any]]:
    """The globals ``names`` resolve to, and ``module.name`` for the user's own modules."""
    found = []
    for name in sorted(names):
        value = namespace.get(name)
        if value is None:
            continue
        if isinstance(value, ModuleType) and _is_user_code(
            getattr(value, "__file__", None) or "<builtin>", module=True
        ):
            found += [
                (f"{name}.{attr}", getattr(value, attr))
                for attr in sorted(names)
                if attr != name and hasattr(value, attr)
            ]
            continue
        found.append((name, value))
    return found


def _library_of(found: Any) -> tuple[str, str] | None:
    """(top-level package, version) of the installed library ``found`` comes from, if any.

    The standard library (Python's version is in the bytecode already), dagrun
    and the user's own code have none.
    """
    if isinstance(found, ModuleType):
        where = found.__name__
    elif isinstance(found, (type, FunctionType, BuiltinFunctionType)):
        where = getattr(found, "__module__", None) or ""
    else:
        where = type(found).__module__
    top = where.partition(".")[0]
    if not top or top in sys.stdlib_module_names or top in ("builtins", "dagrun", "__main__"):
        return None
    version = _version(top)
    return None if version is None else (top, version)


@functools.lru_cache(maxsize=512)
def _version(top: str) -> str | None:
    """The installed version of package ``top``; None for a module that is no installed library."""
    module = sys.modules.get(top)
    if module is None or _is_user_code(getattr(module, "__file__", None) or "<builtin>", True):
        return None
    version = getattr(module, "__version__", None)
    if isinstance(version, str):
        return version
    from importlib import metadata

    try:
        return metadata.version(top)
    except metadata.PackageNotFoundError:
        return "unversioned"


def _defining_function(node: Node) -> Callable[..., Any] | None:
    """The user's function a node came from (decorators record, so it is unwrapped)."""
    module = sys.modules.get(node.origin.module)
    found = getattr(module, node.origin.function, None) if node.origin.function else None
    return found if isinstance(found, FunctionType) else None


@functools.lru_cache(maxsize=4096)
def _is_user_code(filename: str, module: bool = False) -> bool:
    """Whether ``filename`` is the user's code: not stdlib, not installed, not dagrun.

    Code without a file (``exec``, notebooks) counts as the user's, except for
    modules, where no file means a builtin module.
    """
    if not filename or filename.startswith("<"):
        return not module
    path = str(Path(filename).resolve())
    library = {sysconfig.get_paths()[k] for k in ("stdlib", "platstdlib", "purelib", "platlib")}
    library.add(str(Path(__file__).resolve().parents[1]))
    return not any(path.startswith(str(Path(root).resolve())) for root in library)


def _is_user_object(target: Any) -> bool:
    if isinstance(target, type):
        module = sys.modules.get(target.__module__)
        return _is_user_code(getattr(module, "__file__", None) or "<builtin>", module=True)
    return _is_user_code(target.__code__.co_filename)


def _state(target: Any) -> list[tuple[str, Any]]:
    """The fields of an object (dataclass, dict or slots): where callables keep bindings."""
    if dataclasses.is_dataclass(target):
        return [(f.name, getattr(target, f.name)) for f in dataclasses.fields(target)]
    if hasattr(target, "__dict__"):
        return sorted(vars(target).items())
    names = [n for k in type(target).__mro__ for n in getattr(k, "__slots__", ())]
    return [(n, getattr(target, n)) for n in names if hasattr(target, n)]


def _type_name(value: Any) -> str:
    kind = value if isinstance(value, type) else type(value)
    return f"{kind.__module__}.{kind.__qualname__}"


def _cell(cell: Any) -> Any:
    try:
        return cell.cell_contents
    except ValueError:  # an empty cell
        return None
