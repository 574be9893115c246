"""What a parameter is bound to: ``source`` (another node), ``value`` (a constant), ``group``.

``parameterize``, ``inject``, ``subdag`` and ``step`` take these. ``configuration``
names a config key and is only for a subdag's ``config=`` (as in Hamilton). Binding a
function's parameters turns into the node's dependencies plus a ``Bound``
callable that puts constants and groups back in place at call time.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, get_args, get_origin

from dagrun import hints
from dagrun.modifiers.base import misuse
from dagrun.node import Dependency


@dataclass(frozen=True, slots=True)
class Source:
    """Bind a parameter to the node (or input) called ``name``."""

    name: str

    @property
    def source(self) -> str:
        """The node's name, under the field name of Hamilton's ``UpstreamDependency``."""
        return self.name


@dataclass(frozen=True, slots=True)
class Value:
    """Bind a parameter to a constant."""

    value: Any


@dataclass(frozen=True, slots=True)
class Group:
    """Bind a parameter to a list (``group(a, b)``) or dict (``group(k=a)``) of bindings."""

    items: tuple[Any, ...] | None = None
    fields: Mapping[str, Any] | None = None


@dataclass(frozen=True, slots=True)
class ConfigKey:
    """A subdag config entry taken from the key ``name`` of the outer config."""

    name: str


def source(name: str) -> Source:
    """The parameter takes the value of node ``name``."""
    return Source(name)


def value(literal: Any) -> Value:
    """The parameter takes the constant ``literal``."""
    return Value(literal)


def configuration(key: str) -> ConfigKey:
    """In ``@subdag(config=...)``: the value the config key ``key`` has outside."""
    return ConfigKey(key)


def group(*items: Any, **fields: Any) -> Group:
    """The parameter takes a list of the ``items`` or a dict of the ``fields``."""
    if items and fields:
        raise TypeError("group() takes either positional or keyword bindings, not both")
    return Group(items=items, fields=None) if items else Group(items=None, fields=fields)


Binding = Source | Value | Group


def as_binding(item: Any) -> Binding:
    """A ``source``/``value``/``group`` as is; anything else is a constant."""
    return item if isinstance(item, Source | Value | Group) else Value(item)


@dataclass(frozen=True, slots=True)
class Bound:
    """A function called with some parameters bound to constants or groups.

    The node passes its dependencies positionally in ``labels`` order (or by
    label, when optional ones are left out); ``literals`` fill the rest and each
    entry of ``groups`` assembles a list or dict parameter from labelled members.
    A module-level class, so the node's callable pickles.
    """

    fn: Callable[..., Any]
    labels: tuple[str, ...]
    literals: Mapping[str, Any]
    groups: tuple[tuple[str, bool, tuple[tuple[Any, str | None, Any], ...]], ...] = ()

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        given = dict(zip(self.labels, args, strict=False))
        given.update(kwargs)
        for param, as_list, members in self.groups:
            parts = [
                (key, given.pop(label) if label else literal) for key, label, literal in members
            ]
            given[param] = [part for _, part in parts] if as_list else dict(parts)
        return self.fn(**given, **self.literals)


@dataclass(slots=True)
class Binder:
    """Collects the dependencies, labels and constants one binding of a function yields."""

    deps: list[Dependency]
    labels: list[str]
    literals: dict[str, Any]
    groups: list[tuple[str, bool, tuple[tuple[Any, str | None, Any], ...]]]

    @classmethod
    def empty(cls) -> Binder:
        return cls([], [], {}, [])

    def add(self, param: str, annotation: Any, default: Any, binding: Binding | None) -> None:
        if binding is None:
            self.deps.append(Dependency(param, annotation, default))
            self.labels.append(param)
        elif isinstance(binding, Source):
            self.deps.append(Dependency(binding.name, annotation))
            self.labels.append(param)
        elif isinstance(binding, Value):
            self.literals[param] = binding.value
        else:
            self._add_group(param, annotation, binding)

    def _add_group(self, param: str, annotation: Any, binding: Group) -> None:
        element = _element_type(annotation, binding.items is not None)
        keyed = enumerate(binding.items) if binding.items is not None else binding.fields.items()
        members = []
        for key, item in keyed:
            item = as_binding(item)
            if isinstance(item, Source):
                label = f"{param}[{key}]"
                self.deps.append(Dependency(item.name, element))
                self.labels.append(label)
                members.append((key, label, None))
            else:
                members.append((key, None, item.value))
        self.groups.append((param, binding.items is not None, tuple(members)))

    def callable_for(self, fn: Callable[..., Any]) -> Bound:
        return Bound(fn, tuple(self.labels), dict(self.literals), tuple(self.groups))


def _element_type(annotation: Any, as_list: bool) -> Any:
    """``list[int]`` -> ``int``, ``dict[str, float]`` -> ``float``; ``Any`` otherwise."""
    args = get_args(annotation) if not isinstance(annotation, str) else ()
    if as_list and len(args) == 1:
        return args[0]
    if not as_list and len(args) == 2:
        return args[1]
    return Any


def bind(
    fn: Callable[..., Any],
    params: tuple[tuple[str, Any, Any], ...],
    bindings: Mapping[str, Any],
    decorator: str,
) -> Binder:
    """Bind ``fn``'s parameters; a binding for a parameter ``fn`` lacks is a misuse.

    Raises:
        GraphError: a binding names no parameter of ``fn``, or a ``source`` names nothing.
    """
    names = [name for name, _, _ in params]
    for param, binding in bindings.items():
        if param not in names:
            from dagrun.errors import did_you_mean

            raise misuse(
                fn,
                f"@{decorator} binds '{param}', which is not a parameter of the function",
                did_you_mean(param, names) or f"its parameters are: {', '.join(names) or 'none'}",
            )
        if isinstance(binding, ConfigKey):
            raise misuse(
                fn,
                f"@{decorator} binds '{param}' to configuration({binding.name!r})",
                f"configuration() is for @subdag(config=...); config values are inputs "
                f"too, so bind source({binding.name!r})",
            )
        _check_sources(fn, binding, decorator)
        if isinstance(binding, Group):
            annotation = next(kind for name, kind, _ in params if name == param)
            _check_group(fn, param, annotation, binding, decorator)
    binder = Binder.empty()
    for name, annotation, default in params:
        binding = bindings.get(name)
        binder.add(name, annotation, default, None if binding is None else as_binding(binding))
    return binder


def _check_group(
    fn: Callable[..., Any], param: str, annotation: Any, binding: Group, decorator: str
) -> None:
    """A group holds only ``source``/``value`` members and feeds a ``list[X]`` or ``dict[str, X]``
    parameter (as in Hamilton, whose flows must port unchanged)."""
    members = list(binding.items or ()) + list((binding.fields or {}).values())
    for member in members:
        if not isinstance(member, Source | Value):
            raise misuse(
                fn,
                f"@{decorator} puts {member!r} in group() for '{param}'",
                f"group members are source(...) or value(...): write value({member!r})",
            )
    annotation = hints.resolve(annotation, getattr(fn, "__globals__", None))
    if isinstance(annotation, str):
        return  # a name the module never imports: nothing to check the shape against
    as_list = binding.items is not None
    wanted = "list[X]" if as_list else "dict[str, X]"
    shaped = get_origin(annotation) is (list if as_list else dict)
    if not shaped or len(get_args(annotation)) != (1 if as_list else 2):
        raise misuse(
            fn,
            f"@{decorator} groups into '{param}', annotated {annotation!r}",
            f"annotate it as {wanted}, the type of each member given as X",
        )


def _check_sources(fn: Callable[..., Any], binding: Any, decorator: str) -> None:
    members = [binding]
    if isinstance(binding, Group):
        members = list(binding.items or ()) + list((binding.fields or {}).values())
    for member in members:
        if isinstance(member, Source) and (not isinstance(member.name, str) or not member.name):
            raise misuse(
                fn,
                f"@{decorator} has source({member.name!r}), which names no node",
                "give source() the name of the node or input to read",
            )


@dataclass(frozen=True, slots=True)
class Constant:
    """A node's callable that returns a fixed value (a ``value()`` input)."""

    value: Any

    def __call__(self) -> Any:
        return self.value


@dataclass(frozen=True, slots=True)
class Identity:
    """A node's callable that passes its one argument on (a renamed value)."""

    def __call__(self, item: Any) -> Any:
        return item
