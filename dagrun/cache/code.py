"""Code fingerprints: a digest of what a node's function does, not how it is written.

A function's fingerprint covers:

- its syntax tree with docstrings dropped (so comments, docstrings, blank lines
  and formatting do not count) — decorators and their arguments included;
- transitively, every module-level helper it reaches by name: functions and
  classes defined in the user's files (not the standard library, not installed
  packages, not dagrun), and builtin constants such as ``THRESHOLD = 5``;
- the values captured in closures and ``functools.partial`` objects, which is
  how decorators bind per-node arguments.

Names a function binds itself (parameters, locals) are not references: in
``def c(a, b): return a + b`` the ``a`` is the parameter, not the node ``a``.

Each source file is parsed once per content digest; ``SourceCache`` (a mapping
the store backs with SQLite) keeps the parsed summaries across runs, so a rerun
on unchanged files reads and hashes each file but parses none.
"""

from __future__ import annotations

import ast
import dataclasses
import functools
import sys
import sysconfig
from collections.abc import Callable, MutableMapping
from pathlib import Path
from types import FunctionType, MethodType, ModuleType
from typing import Any

from dagrun.cache.fingerprint import digest, fingerprint
from dagrun.node import Node

# key "line:name" (or "class:Name") -> [digest of the normalised tree, global names it reads]
FileSummary = dict[str, list[Any]]
SourceCache = MutableMapping[str, FileSummary]

_CONSTANT_TYPES = (type(None), bool, int, float, complex, str, bytes, tuple, frozenset)
_CONTAINER_TYPES = (list, dict, set)
_SCOPES = (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda, ast.ClassDef)
_COMPREHENSIONS = (ast.ListComp, ast.SetComp, ast.DictComp, ast.GeneratorExp)


class CodeFingerprints:
    """Computes and memoises code fingerprints for one run.

    Args:
        sources: parsed file summaries by content digest, kept across runs.
    """

    def __init__(self, sources: SourceCache | None = None) -> None:
        self._sources: SourceCache = sources if sources is not None else {}
        self._files: dict[str, FileSummary | None] = {}
        self._functions: dict[Any, str] = {}
        self._active: set[int] = set()

    def node(self, node: Node) -> str:
        """The fingerprint of everything that decides what ``node`` computes."""
        parts = [node.name, node.role, *node.params, *node.dep_names]
        parts.append(self.callable(node.callable))
        defined = _defining_function(node)
        if defined is not None and defined is not node.callable:
            parts.append(self.callable(defined))
        return digest(*parts)

    def callable(self, target: Any) -> str:
        """The fingerprint of any callable: a user function, a partial, a closure."""
        known = self._functions.get(target) if _hashable(target) else None
        if known is not None:
            return known
        if id(target) in self._active:  # a callable bound into itself
            return _type_name(target)
        self._active.add(id(target))
        try:
            result = self._compute(target)
        finally:
            self._active.discard(id(target))
        if _hashable(target):
            self._functions[target] = result
        return result

    def _compute(self, target: Any) -> str:
        if isinstance(target, functools.partial):
            return digest(
                "partial",
                self.callable(target.func),
                self._bound(target.args),
                self._bound(sorted(target.keywords.items())),
            )
        if isinstance(target, MethodType):
            return digest("method", self.callable(target.__func__), _type_name(target.__self__))
        if not isinstance(target, FunctionType):
            kind = type(target)
            call = next((vars(k)["__call__"] for k in kind.__mro__ if "__call__" in vars(k)), None)
            state = _state(target)
            code = self.callable(call) if isinstance(call, FunctionType) else ""
            return digest("object", _type_name(target), code, self._bound(state))
        cells = [cell.cell_contents for cell in target.__closure__ or () if _filled(cell)]
        if _is_user_file(target.__code__.co_filename):
            return digest("function", self._reach(target), self._bound(cells))
        return digest("library", f"{target.__module__}.{target.__qualname__}", self._bound(cells))

    def _bound(self, values: Any) -> str:
        """Bound values (closure cells, partial arguments): callables by code, data by value."""
        parts = []
        for value in values:
            if isinstance(value, tuple) and len(value) == 2 and isinstance(value[0], str):
                parts.append(value[0])
                value = value[1]
            if callable(value) and not isinstance(value, type):
                parts.append(self.callable(value))
            else:
                parts.append(fingerprint(value) or _type_name(value))
        return digest(*parts)

    def _reach(self, root: FunctionType) -> str:
        """Digest of ``root``'s own tree plus every user helper and constant it reaches."""
        seen: dict[str, str] = {}
        stack: list[tuple[str, Any]] = [("", root)]
        while stack:
            label, target = stack.pop()
            local, refs, namespace = self._summary(target)
            seen[label] = local
            for ref in refs:
                found = _resolve(ref, namespace)
                if found is None:
                    continue
                key = f"{getattr(found, '__module__', '')}:{ref}"
                if key in seen:
                    continue
                if isinstance(found, (FunctionType, type)) and _is_user_object(found):
                    seen[key] = ""
                    stack.append((key, found))
                elif isinstance(found, _CONSTANT_TYPES + _CONTAINER_TYPES):
                    seen[key] = fingerprint(found) or _type_name(found)
        return digest(*(part for item in sorted(seen.items()) for part in item))

    def _summary(self, target: Any) -> tuple[str, list[str], dict[str, Any]]:
        """(own digest, global names read, namespace to resolve them in) of a function or class."""
        if isinstance(target, type):
            module = sys.modules.get(target.__module__)
            namespace = vars(module) if module else {}
            summary = self._file(getattr(module, "__file__", None) or "")
            found = summary.get(f"class:{target.__name__}") if summary else None
            return (found[0], found[1], namespace) if found else (_type_name(target), [], {})
        code = target.__code__
        summary = self._file(code.co_filename)
        found = summary.get(f"{code.co_firstlineno}:{target.__name__}") if summary else None
        if found is None:
            return _code_digest(code), sorted(set(code.co_names)), target.__globals__
        return found[0], found[1], target.__globals__

    def _file(self, filename: str) -> FileSummary | None:
        if filename in self._files:
            return self._files[filename]
        summary = None
        try:
            source = Path(filename).read_bytes()
        except OSError:
            source = None
        if source is not None:
            key = digest(source)
            summary = self._sources.get(key)
            if summary is None:
                summary = summarise(source, filename)
                if summary is not None:
                    self._sources[key] = summary
        self._files[filename] = summary
        return summary


def summarise(source: bytes, filename: str = "<source>") -> FileSummary | None:
    """Each function, lambda and top-level class in ``source``: normalised digest and refs."""
    try:
        tree = ast.parse(source, filename)
    except (SyntaxError, ValueError):
        return None
    _strip_docstrings(tree)
    summary: FileSummary = {}
    for node in ast.walk(tree):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)):
            first = min([node.lineno, *(d.lineno for d in getattr(node, "decorator_list", []))])
            key = f"{first}:{getattr(node, 'name', '<lambda>')}"
            _merge(summary, key, node)
    for node in tree.body:
        if isinstance(node, ast.ClassDef):
            _merge(summary, f"class:{node.name}", node)
    return summary


def _merge(summary: FileSummary, key: str, node: ast.AST) -> None:
    # Several lambdas on one line share a key: their digests are combined.
    local = digest(ast.dump(node))
    refs = sorted(global_references(node))
    known = summary.get(key)
    if known is not None:
        local = digest(known[0], local)
        refs = sorted(set(known[1]) | set(refs))
    summary[key] = [local, refs]


def _strip_docstrings(tree: ast.AST) -> None:
    """Drop every docstring in ``tree`` in place: documentation does not change results."""
    for inner in ast.walk(tree):
        body = getattr(inner, "body", None)
        if (
            isinstance(inner, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.Module))
            and body
            and isinstance(body[0], ast.Expr)
            and isinstance(body[0].value, ast.Constant)
            and isinstance(body[0].value.value, str)
        ):
            inner.body = body[1:] or [ast.Pass()]


def global_references(scope: ast.AST) -> set[str]:
    """Names ``scope`` reads from its module: ``name`` or ``name.attr`` for ``module.attr``.

    A def's decorators, defaults and annotations are read in the enclosing scope,
    so for the root they are all module references.
    """
    refs: set[str] = set()
    stack: list[tuple[ast.AST, frozenset[str]]] = []
    for outer in _outer_parts(scope):
        _collect(outer, frozenset(), refs, stack)
    stack.append((scope, frozenset()))
    while stack:
        node, visible = stack.pop()
        inner = visible | _bound_names(node)
        for child in _scope_children(node):
            _collect(child, inner, refs, stack)
    return refs


def _collect(node: ast.AST, visible: frozenset[str], refs: set[str], stack: list[Any]) -> None:
    """Record loads in ``node`` (not inside nested scopes, which go on ``stack``)."""
    pending = [node]
    while pending:
        current = pending.pop()
        if isinstance(current, (*_SCOPES, *_COMPREHENSIONS)):
            for outer in _outer_parts(current):
                pending.append(outer)
            stack.append((current, visible))
            continue
        if isinstance(current, ast.Attribute) and _reads_global(current.value, visible):
            refs.add(f"{current.value.id}.{current.attr}")  # type: ignore[attr-defined]
        if _reads_global(current, visible):
            refs.add(current.id)  # type: ignore[attr-defined]
        pending.extend(ast.iter_child_nodes(current))


def _reads_global(node: ast.AST, visible: frozenset[str]) -> bool:
    return isinstance(node, ast.Name) and isinstance(node.ctx, ast.Load) and node.id not in visible


def _outer_parts(scope: ast.AST) -> list[ast.AST]:
    """The parts of a scope evaluated where it is defined: decorators, defaults, bases."""
    parts: list[ast.AST] = list(getattr(scope, "decorator_list", []))
    if isinstance(scope, ast.ClassDef):
        parts += scope.bases + [k.value for k in scope.keywords]
    args = getattr(scope, "args", None)
    if isinstance(args, ast.arguments):
        parts += [d for d in args.defaults + args.kw_defaults if d is not None]
        parts += [a.annotation for a in _all_args(args) if a.annotation is not None]
    if getattr(scope, "returns", None) is not None:
        parts.append(scope.returns)  # type: ignore[attr-defined]
    if isinstance(scope, _COMPREHENSIONS):
        parts.append(scope.generators[0].iter)
    return parts


def _scope_children(scope: ast.AST) -> list[ast.AST]:
    if isinstance(scope, ast.Lambda):
        return [scope.body]
    if isinstance(scope, _COMPREHENSIONS):
        parts: list[ast.AST] = [scope.generators[0].target, *scope.generators[0].ifs]
        for generator in scope.generators[1:]:
            parts += [generator.target, generator.iter, *generator.ifs]
        if isinstance(scope, ast.DictComp):
            return [*parts, scope.key, scope.value]
        return [*parts, scope.elt]  # type: ignore[attr-defined]
    return list(getattr(scope, "body", []))


def _bound_names(scope: ast.AST) -> frozenset[str]:
    """Names a scope binds locally (parameters, assignments, imports, nested defs)."""
    bound: set[str] = set()
    declared_global: set[str] = set()
    args = getattr(scope, "args", None)
    if isinstance(args, ast.arguments):
        bound.update(a.arg for a in _all_args(args))
    if isinstance(scope, _COMPREHENSIONS):
        for generator in scope.generators:
            bound.update(_stored(generator.target))
    pending = list(_scope_children(scope)) if not isinstance(scope, _COMPREHENSIONS) else []
    while pending:
        node = pending.pop()
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            bound.add(node.name)
            continue
        if isinstance(node, (ast.Lambda, *_COMPREHENSIONS)):
            continue
        if isinstance(node, ast.Global):
            declared_global.update(node.names)
        elif isinstance(node, (ast.Import, ast.ImportFrom)):
            bound.update((a.asname or a.name).split(".")[0] for a in node.names)
        elif isinstance(node, (ast.ExceptHandler, ast.MatchAs, ast.MatchStar)) and node.name:
            bound.add(node.name)
        bound.update(_stored(node) if isinstance(node, ast.Name) else ())
        pending.extend(ast.iter_child_nodes(node))
    return frozenset(bound - declared_global)


def _stored(node: ast.AST) -> set[str]:
    return {
        n.id for n in ast.walk(node) if isinstance(n, ast.Name) and not isinstance(n.ctx, ast.Load)
    }


def _all_args(args: ast.arguments) -> list[ast.arg]:
    extra = [a for a in (args.vararg, args.kwarg) if a is not None]
    return [*args.posonlyargs, *args.args, *args.kwonlyargs, *extra]


def _resolve(ref: str, namespace: dict[str, Any]) -> Any:
    name, _, attr = ref.partition(".")
    found = namespace.get(name)
    if attr:
        if not isinstance(found, ModuleType):
            return None
        found = getattr(found, attr, None)
    return found


def _defining_function(node: Node) -> Callable[..., Any] | None:
    """The user's function a node came from (decorators record, so it is unwrapped)."""
    module = sys.modules.get(node.origin.module)
    found = getattr(module, node.origin.function, None) if node.origin.function else None
    return found if isinstance(found, FunctionType) else None


def _code_digest(code: Any) -> str:
    """Fallback when the source is gone: the code object's bytecode, names and constants."""
    consts = [
        _code_digest(c) if hasattr(c, "co_code") else fingerprint(c) or type(c).__name__
        for c in code.co_consts
    ]
    return digest(code.co_code, *code.co_names, *consts)


@functools.lru_cache(maxsize=4096)
def _is_user_file(filename: str) -> bool:
    """Whether ``filename`` is the user's code: not stdlib, not installed, not dagrun."""
    if not filename or filename.startswith("<"):
        return True
    path = str(Path(filename).resolve())
    library = {sysconfig.get_paths()[k] for k in ("stdlib", "platstdlib", "purelib", "platlib")}
    library.add(str(Path(__file__).resolve().parents[1]))
    return not any(path.startswith(str(Path(root).resolve())) for root in library)


def _is_user_object(target: Any) -> bool:
    if isinstance(target, type):
        module = sys.modules.get(target.__module__)
        return _is_user_file(getattr(module, "__file__", None) or "<builtin>") and bool(
            getattr(module, "__file__", None)
        )
    return _is_user_file(target.__code__.co_filename)


def _type_name(value: Any) -> str:
    kind = value if isinstance(value, type) else type(value)
    return f"{kind.__module__}.{kind.__qualname__}"


def _filled(cell: Any) -> bool:
    try:
        cell.cell_contents  # noqa: B018 - an empty cell raises
    except ValueError:
        return False
    return True


def _state(target: Any) -> list[tuple[str, Any]]:
    """The fields of a callable object (dataclass, slots or dict), which hold its bindings."""
    if dataclasses.is_dataclass(target):
        return [(f.name, getattr(target, f.name)) for f in dataclasses.fields(target)]
    if hasattr(target, "__dict__"):
        return sorted(vars(target).items())
    names = [n for k in type(target).__mro__ for n in getattr(k, "__slots__", ())]
    return [(n, getattr(target, n)) for n in names if hasattr(target, n)]


def _hashable(target: Any) -> bool:
    return isinstance(target, (FunctionType, type))
