"""``subdag`` and ``parameterized_subdag``: a whole flow reused inside a namespace.

The functions (or modules) given are built with the outer config overlaid by the
subdag's own, and every node they make is renamed ``<namespace>.<node>``. Their
inputs are wired so:

- a name the subdag makes itself is the namespaced node;
- a key of ``inputs`` is a node ``<namespace>.<key>``: a constant for ``value()``,
  the outer node for ``source()``;
- a key of the subdag's ``config`` that a node reads (and none makes) is a
  constant node ``<namespace>.<key>``; a config entry may be a constant, a
  ``value()``, or ``configuration("key")`` for a key of the outer config;
- anything else is read from outside under its own name.

The decorated function is the subdag's output node: its parameters read the
namespaced nodes, except those listed in ``external_inputs``.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass, field, replace
from types import ModuleType
from typing import Any, ClassVar

from dagrun.modifiers.base import NON_FINAL, Modifier, misuse
from dagrun.modifiers.dependencies import ConfigKey, Constant, Group, Identity, Source, Value
from dagrun.modifiers.resolve import function_node, module_functions, nodes_from_functions
from dagrun.node import Dependency, Node


@dataclass(frozen=True, slots=True)
class Subdag(Modifier):
    """One reuse of ``load_from`` under ``namespace`` (default: the function's name)."""

    load_from: tuple[Any, ...]
    inputs: Mapping[str, Any] = field(default_factory=dict)
    config: Mapping[str, Any] = field(default_factory=dict)
    external_inputs: tuple[str, ...] = ()
    namespace: str | None = None
    final_node_name: str | None = None
    stage: ClassVar[str] = "create"

    def validate(self, fn: Callable[..., Any]) -> None:
        if not self.load_from:
            raise misuse(fn, "@subdag has nothing to load", "pass modules or functions first")
        for key, binding in self.inputs.items():
            if not isinstance(binding, Source | Value):
                raise misuse(
                    fn,
                    f"@subdag input '{key}' is {binding!r}",
                    "bind each input with source('node') or value(constant)",
                )
            if isinstance(binding, Source) and not binding.name:
                raise misuse(fn, f"@subdag input '{key}' has an empty source()", "name a node")
        for key, setting in self.config.items():
            if isinstance(setting, Source | Group):
                raise misuse(
                    fn,
                    f"@subdag config '{key}' is {setting!r}",
                    "a config entry is a constant, value(...) or configuration('outer key')",
                )

    def create(self, fn: Callable[..., Any], config: Mapping[str, Any], name: str) -> list[Node]:
        namespace = self.namespace or name
        own = self._own_config(fn, config)
        inner = nodes_from_functions(functions_of(self.load_from), {**config, **own})
        made = {node.name for node in inner}
        local = made | set(self.inputs) | set(own)
        nodes = [namespaced(node, namespace, local) for node in inner]
        output = self._output_node(fn, self.final_node_name or name, namespace)
        return [*nodes, *self._input_nodes([*nodes, output], namespace, fn, own), output]

    def _own_config(self, fn: Callable[..., Any], config: Mapping[str, Any]) -> dict[str, Any]:
        """The subdag's config entries as values: ``value()`` unwrapped, ``configuration()``
        read from the outer config laid over with the subdag's constants."""
        own = {
            key: setting.value if isinstance(setting, Value) else setting
            for key, setting in self.config.items()
            if not isinstance(setting, ConfigKey)
        }
        known = {**config, **own}
        for key, setting in self.config.items():
            if isinstance(setting, ConfigKey):
                if setting.name not in known:
                    raise misuse(
                        fn,
                        f"@subdag config '{key}' is configuration({setting.name!r}), "
                        "which the config does not set",
                        f"add {setting.name!r} to the driver's config",
                    )
                own[key] = known[setting.name]
        return own

    def _input_nodes(
        self, nodes: list[Node], namespace: str, fn: Callable[..., Any], own: Mapping[str, Any]
    ) -> list[Node]:
        needed = {dep.name: dep.annotation for node in nodes for dep in node.deps}
        origin = nodes[0].origin if nodes else None
        extra = []
        for key, binding in self.inputs.items():
            name = f"{namespace}.{key}"
            if isinstance(binding, Value):
                extra.append(_constant(name, binding.value, origin, fn))
            elif name in needed:
                dep = Dependency(binding.name, needed[name])
                extra.append(_node(name, Identity(), needed[name], (dep,), origin, fn))
        made = {node.name for node in nodes}
        for key, setting in own.items():
            name = f"{namespace}.{key}"
            if name in needed and name not in made:
                extra.append(_constant(name, setting, origin, fn))
        return extra

    def _output_node(self, fn: Callable[..., Any], name: str, namespace: str) -> Node:
        node = function_node(fn, name)
        deps = tuple(
            dep
            if dep.name in self.external_inputs
            else replace(dep, name=f"{namespace}.{dep.name}")
            for dep in node.deps
        )
        return replace(node, deps=deps)


def functions_of(load_from: tuple[Any, ...], by_name: bool = False) -> list[Callable[..., Any]]:
    """The functions of ``load_from`` in its order; a module's in definition order, or
    sorted by name with ``by_name`` (the order Hamilton lists a module's functions in)."""
    functions: list[Callable[..., Any]] = []
    for item in load_from:
        if isinstance(item, ModuleType):
            found = module_functions(item)
            functions.extend(sorted(found, key=lambda f: f.__name__) if by_name else found)
        else:
            functions.append(item)
    return functions


def namespaced(node: Node, namespace: str, local: set[str]) -> Node:
    """``node`` renamed ``<namespace>.<name>``, reading the ``local`` names inside the namespace."""
    deps = tuple(
        replace(dep, name=f"{namespace}.{dep.name}") if dep.name in local else dep
        for dep in node.deps
    )
    meta = {**node.meta, NON_FINAL: True}
    return replace(node, name=f"{namespace}.{node.name}", deps=deps, params=node.params, meta=meta)


def _node(
    name: str, call: Any, kind: Any, deps: tuple[Dependency, ...], origin: Any, fn: Any
) -> Node:
    from dagrun.modifiers.resolve import origin_of

    return Node(
        name=name,
        callable=call,
        return_type=kind,
        deps=deps,
        origin=origin or origin_of(fn),
        doc=f"subdag input of {fn.__name__}",
        meta={NON_FINAL: True},
        role="function",
    )


def _constant(name: str, setting: Any, origin: Any, fn: Any) -> Node:
    return _node(name, Constant(setting), Any, (), origin, fn)


def subdag(
    *load_from: Any,
    inputs: Mapping[str, Any] | None = None,
    config: Mapping[str, Any] | None = None,
    external_inputs: Collection[str] = (),
    namespace: str | None = None,
    final_node_name: str | None = None,
) -> Subdag:
    """Reuse the flow in ``load_from`` (modules or functions) inside a namespace."""
    return Subdag(
        tuple(load_from),
        dict(inputs or {}),
        dict(config or {}),
        tuple(external_inputs),
        namespace,
        final_node_name,
    )


@dataclass(frozen=True, slots=True)
class ParameterizedSubdag(Modifier):
    """Several subdags of one flow, each namespaced and named by its key."""

    subdags: tuple[Subdag, ...]
    stage: ClassVar[str] = "create"

    def validate(self, fn: Callable[..., Any]) -> None:
        if not self.subdags:
            raise misuse(fn, "@parameterized_subdag names no subdags", "add name={...} keywords")
        for one in self.subdags:
            one.validate(fn)

    def create(self, fn: Callable[..., Any], config: Mapping[str, Any], name: str) -> list[Node]:
        return [node for one in self.subdags for node in one.create(fn, config, name)]


def parameterized_subdag(
    *load_from: Any,
    inputs: Mapping[str, Any] | None = None,
    config: Mapping[str, Any] | None = None,
    external_inputs: Collection[str] = (),
    **parameterization: Mapping[str, Any],
) -> ParameterizedSubdag:
    """One subdag per keyword: ``name={"inputs": ..., "config": ..., "external_inputs": ...}``.

    Each keyword's inputs and config are laid over the shared ones.
    """
    subdags = tuple(
        subdag(
            *load_from,
            inputs={**(inputs or {}), **spec.get("inputs", {})},
            config={**(config or {}), **spec.get("config", {})},
            external_inputs=spec.get("external_inputs", external_inputs),
            namespace=key,
            final_node_name=key,
        )
        for key, spec in parameterization.items()
    )
    return ParameterizedSubdag(subdags)
