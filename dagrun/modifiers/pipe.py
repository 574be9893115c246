"""``pipe_input``, ``pipe_output`` and ``step``: chains of small functions as nodes.

Each ``step(fn, *args, **kwargs)`` becomes a node that takes the previous value
as ``fn``'s first parameter; the rest are bound like ``parameterize`` bindings
(plain values are constants). A step is named ``with_<fn>`` (``with_add_one`` for
``_add_one``; repeats get ``_1``, ``_2``) inside the decorated node's namespace
(``final.with_add_one``), or as ``.named(...)`` says; ``.when(...)`` keeps it
only under a matching config.

``pipe_input`` runs the chain on a parameter (the first unless ``on_input``)
before the function; ``pipe_output`` runs it on the function's value: ``x.raw``
is the function, ``x`` the end of the chain.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from typing import Any, ClassVar

from dagrun.errors import did_you_mean
from dagrun.modifiers.base import Modifier, Target, each_chosen, misuse, select_targets
from dagrun.modifiers.config import ConfigSwitch, config
from dagrun.modifiers.dependencies import Identity, Source, bind
from dagrun.modifiers.resolve import origin_of, return_type_of, signature_of
from dagrun.node import Dependency, Node

Namespace = Any  # a string, None (no namespace) or ... (the decorated node's name)


@dataclass(frozen=True, slots=True)
class Step:
    """One function of a chain, with its bindings, name and conditions."""

    fn: Callable[..., Any]
    args: tuple[Any, ...] = ()
    kwargs: Mapping[str, Any] | None = None
    name: str | None = None
    namespace: Namespace = ...
    conditions: tuple[ConfigSwitch, ...] = ()
    target: Target = None

    def named(self, name: str, namespace: Namespace = ...) -> Step:
        """Name the step's node; ``namespace=None`` puts it outside any namespace."""
        kept = self.namespace if namespace is ... else namespace
        return replace(self, name=name, namespace=kept)

    def when(self, **key_values: Any) -> Step:
        return self._if(config.when(**key_values))

    def when_not(self, **key_values: Any) -> Step:
        return self._if(config.when_not(**key_values))

    def when_in(self, **key_groups: Any) -> Step:
        return self._if(config.when_in(**key_groups))

    def when_not_in(self, **key_groups: Any) -> Step:
        return self._if(config.when_not_in(**key_groups))

    def on_output(self, target: Target) -> Step:
        """With ``pipe_output``: apply this step only to the named output node(s)."""
        return replace(self, target=target)

    def _if(self, switch: ConfigSwitch) -> Step:
        return replace(self, conditions=(*self.conditions, switch))

    def applies(self, config_values: Mapping[str, Any]) -> bool:
        return all(switch.matches(config_values) for switch in self.conditions)


def step(fn: Callable[..., Any], *args: Any, **kwargs: Any) -> Step:
    """A chain link: ``fn`` called on the previous value, then ``args``/``kwargs``."""
    return Step(fn, args, kwargs)


def chain(
    steps: tuple[Step, ...],
    start: str,
    namespace: Namespace,
    default_namespace: str,
    config_values: Mapping[str, Any],
    owner: Callable[..., Any],
) -> list[Node]:
    """The nodes of the steps that apply, each reading the one before, ``start`` first."""
    nodes: list[Node] = []
    seen: dict[str, int] = {}
    current = start
    for link in steps:
        if not link.applies(config_values):
            continue
        node = _step_node(link, current, namespace, default_namespace, seen, owner)
        nodes.append(node)
        current = node.name
    return nodes


def _step_node(
    link: Step,
    current: str,
    namespace: Namespace,
    default_namespace: str,
    seen: dict[str, int],
    owner: Callable[..., Any],
) -> Node:
    fn_name = link.fn.__name__
    params = signature_of(link.fn)
    if not params:
        raise misuse(owner, f"step({fn_name}) takes no parameters", "a step takes the value first")
    if len(link.args) >= len(params):
        raise misuse(
            owner,
            f"step({fn_name}) has {len(link.args)} positional arguments but the function "
            f"takes {len(params) - 1} after the piped value",
            "pass fewer arguments, or name them",
        )
    bindings: dict[str, Any] = {params[0][0]: Source(current)}
    bindings.update({params[i + 1][0]: arg for i, arg in enumerate(link.args)})
    bindings.update(link.kwargs or {})
    binder = bind(link.fn, params, bindings, f"step({fn_name})")
    return Node(
        name=_step_name(link, namespace, default_namespace, seen),
        callable=binder.callable_for(link.fn),
        return_type=return_type_of(link.fn),
        deps=tuple(binder.deps),
        origin=origin_of(link.fn),
        doc=f"step {fn_name} of {default_namespace}",
        namespace=getattr(link.fn, "__globals__", None),
        params=tuple(binder.labels),
    )


def _check_namespaces(
    fn: Callable[..., Any], namespace: Namespace, steps: tuple[Step, ...]
) -> None:
    """A namespace for the whole pipe and one on a step would contradict each other."""
    if namespace is not ... and any(s.namespace is not ... for s in steps):
        raise misuse(
            fn,
            "the pipe sets a namespace and so does a step's .named(..., namespace=...)",
            "set the namespace on the pipe or on the steps, not both",
        )


def _step_name(
    link: Step, namespace: Namespace, default_namespace: str, seen: dict[str, int]
) -> str:
    """``with_<fn>`` (numbered on repeats) or the ``.named`` name, in its namespace."""
    fn_name = link.fn.__name__
    count = seen.get(fn_name, 0)
    seen[fn_name] = count + 1
    base = link.name or f"with{'' if fn_name.startswith('_') else '_'}{fn_name}" + (
        f"_{count}" if count else ""
    )
    space = link.namespace if namespace is ... else namespace
    space = default_namespace if space is ... else space
    return f"{space}.{base}" if space else base


@dataclass(frozen=True, slots=True)
class PipeInput(Modifier):
    """Runs a chain on one parameter before the function sees it."""

    steps: tuple[Step, ...]
    namespace: Namespace = ...
    on_input: str | None = None
    stage: ClassVar[str] = "inject"

    def validate(self, fn: Callable[..., Any]) -> None:
        _check_namespaces(fn, self.namespace, self.steps)

    def apply(
        self, nodes: list[Node], fn: Callable[..., Any], config: Mapping[str, Any]
    ) -> list[Node]:
        return each_chosen(nodes, {n.name for n in nodes}, lambda n: self.piped(n, fn, config))

    def piped(self, node: Node, fn: Callable[..., Any], config: Mapping[str, Any]) -> list[Node]:
        param = self.on_input or (node.params[0] if node.params else None)
        if param not in node.params:
            raise misuse(
                fn,
                f"@pipe_input(on_input={param!r}) names no parameter of the function",
                did_you_mean(str(param), node.params)
                or "pipe_input feeds a parameter; the function needs one",
            )
        index = node.params.index(param)
        start = node.deps[index]
        links = chain(self.steps, start.name, self.namespace, node.name, config, fn)
        if not links:
            return [node]
        deps = list(node.deps)
        deps[index] = replace(start, name=links[-1].name, default=start.default)
        return [*links, replace(node, deps=tuple(deps))]


@dataclass(frozen=True, slots=True)
class PipeOutput(Modifier):
    """Runs a chain on the function's value; the chain's end takes the node's name."""

    steps: tuple[Step, ...]
    namespace: Namespace = ...
    on_output: Target = None
    stage: ClassVar[str] = "transform"

    def validate(self, fn: Callable[..., Any]) -> None:
        _check_namespaces(fn, self.namespace, self.steps)
        if self.on_output is not None and any(s.target is not None for s in self.steps):
            raise misuse(
                fn,
                "@pipe_output has on_output and steps with their own on_output",
                "target nodes in one place: on the decorator or on each step",
            )

    def apply(
        self, nodes: list[Node], fn: Callable[..., Any], config: Mapping[str, Any]
    ) -> list[Node]:
        chosen = select_targets(nodes, self.on_output, fn, "pipe_output")
        return each_chosen(nodes, chosen, lambda node: self.piped(node, fn, config))

    def piped(self, node: Node, fn: Callable[..., Any], config: Mapping[str, Any]) -> list[Node]:
        steps = tuple(s for s in self.steps if _targets(s.target, node.name))
        raw = replace(node, name=f"{node.name}.raw")
        space = node.name if self.namespace is ... else self.namespace
        links = chain(steps, raw.name, space, node.name, config, fn)
        if not links:
            return [node]
        last = links[-1]
        end = replace(
            node,
            callable=Identity(),
            return_type=last.return_type,
            deps=(Dependency(last.name, last.return_type),),
            params=("item",),
            namespace=last.namespace,
            positional=True,
        )
        return [raw, *links, end]


def _targets(target: Target, name: str) -> bool:
    if target is None:
        return True
    return name == target if isinstance(target, str) else name in target


def pipe_input(
    *transforms: Step, namespace: Namespace = ..., on_input: str | None = None
) -> PipeInput:
    """Run ``transforms`` in order on a parameter (the first unless ``on_input``)."""
    return PipeInput(tuple(transforms), namespace, on_input)


pipe = pipe_input  # Hamilton's earlier name for it, still accepted there: flows port unchanged


def pipe_output(
    *transforms: Step, namespace: Namespace = ..., on_output: Target = None
) -> PipeOutput:
    """Run ``transforms`` in order on the function's value."""
    return PipeOutput(tuple(transforms), namespace, on_output)
