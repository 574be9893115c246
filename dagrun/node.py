"""Node: one named value of a dataflow and the function that produces it.

Nodes are immutable values. Building turns functions into nodes (``modifiers``),
the graph wires them by name, the plan calls their ``callable``.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any


class _Missing:
    """The marker for "this parameter has no default"."""

    _instance: _Missing | None = None

    def __new__(cls) -> _Missing:
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance

    def __repr__(self) -> str:
        return "MISSING"

    def __reduce__(self) -> str:
        return "MISSING"


MISSING: Any = _Missing()


@dataclass(frozen=True, slots=True)
class Origin:
    """Where a node comes from: the defining function's module, file and line."""

    module: str
    file: str
    line: int
    function: str = ""

    def __str__(self) -> str:
        return f"{self.file}:{self.line}"


@dataclass(frozen=True, slots=True)
class Dependency:
    """One input of a node: the name it is wired to and the type it accepts.

    ``annotation`` may still be a string (``from __future__ import annotations``);
    ``types.resolve`` turns it into a type only where a check needs one.
    """

    name: str
    annotation: Any
    default: Any = MISSING

    @property
    def required(self) -> bool:
        return self.default is MISSING


@dataclass(frozen=True, slots=True)
class Node:
    """A named value: the callable that makes it, what it needs and where it came from.

    ``callable`` is called with the values of ``deps`` as positional arguments in
    order; a dependency left out (optional and unavailable) switches the call to
    keywords, so ``params`` names each dependency's parameter.
    """

    name: str
    callable: Callable[..., Any]
    return_type: Any
    deps: tuple[Dependency, ...]
    origin: Origin
    doc: str = ""
    tags: Mapping[str, Any] = field(default_factory=dict)
    params: tuple[str, ...] = ()
    namespace: Mapping[str, Any] | None = None  # globals to resolve string annotations in
    role: str = "function"  # function | input | check | expand | collect | parallel
    positional: bool = True  # False: the callable needs keyword arguments
    # Records that steer running rather than describe the value: "cache" (behavior,
    # format), "retry", "timeout", "pool". Decorators fill it; executors and the cache read it.
    meta: Mapping[str, Any] = field(default_factory=dict)

    dep_names: tuple[str, ...] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        names = tuple(d.name for d in self.deps)
        object.__setattr__(self, "dep_names", names)
        if not self.params:
            object.__setattr__(self, "params", names)

    def __reduce__(self) -> tuple[Any, ...]:
        # A module's globals do not travel to workers; string annotations stay strings.
        state = {f: getattr(self, f) for f in _NODE_INIT_FIELDS if f != "namespace"}
        return (_rebuild_node, (state,))


def _rebuild_node(state: dict[str, Any]) -> Node:
    return Node(**state)


_NODE_INIT_FIELDS = tuple(name for name, f in Node.__dataclass_fields__.items() if f.init)


@dataclass(frozen=True, slots=True)
class NodeInfo:
    """What ``Driver.list_available_variables`` reports about one node."""

    name: str
    type: Any
    tags: Mapping[str, Any]
    doc: str
    module: str
    file: str
    line: int
    is_external_input: bool
    role: str = "function"
