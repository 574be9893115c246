"""Driver: the Python API — modules and config to a validated graph, requests to results.

The driver only composes the other parts: ``modifiers`` make nodes, ``graph``
validates them, ``plan`` compiles a request, an executor runs it. Plans are
memoised per request shape, so calling ``execute`` in a loop compiles once.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from types import ModuleType
from typing import Any

from dagrun import hints
from dagrun.blocks import find_blocks
from dagrun.errors import GraphError, InputError
from dagrun.executors import Executor, make_executor
from dagrun.graph import Graph
from dagrun.modifiers.resolve import nodes_from_modules
from dagrun.node import NodeInfo
from dagrun.perf import gc_paused
from dagrun.plan import CONFIG, INPUT, OVERRIDE, Plan, compile_plan

_PlanKey = tuple[tuple[str, ...], frozenset[str], frozenset[str]]


class Driver:
    """Builds and validates a dataflow from modules, then computes what is asked of it.

    Args:
        config: values for ``@config.when`` switches; also inputs to functions.
        *modules: the modules whose public functions are the nodes.
        executor: ``"sequential"`` (the default), ``"threads"``, ``"processes"``, ``"dask"``.
        max_workers: worker count for parallel executors.
        address: the Dask scheduler to use (``executor="dask"``); none starts a LocalCluster.
        runtime: the run file's ``pools``/``retries``/``timeouts`` (see
            ``modifiers.runtime.runtime_settings``).

    Raises:
        GraphError: the functions do not form a valid dataflow (at construction).
        InputError: an unknown executor or a bad runtime setting.
    """

    def __init__(
        self,
        config: Mapping[str, Any] | None = None,
        *modules: ModuleType | str,
        executor: str = "sequential",
        max_workers: int | None = None,
        address: str | None = None,
        runtime: Mapping[str, Any] | None = None,
    ) -> None:
        # Imported here, not at the top, so `import dagrun` stays quick.
        from dagrun.modifiers.runtime import apply_settings, runtime_settings

        self.config: dict[str, Any] = dict(config or {})
        self.modules = modules = _imported(modules)
        self.runtime = runtime_settings(runtime)
        with gc_paused():
            unresolved: dict[str, GraphError] = {}
            nodes = nodes_from_modules(modules, self.config, unresolved)
            nodes = apply_settings(nodes, self.runtime)
            self.graph = Graph(nodes, self.config, unresolved)
            # A badly drawn parallel block fails the build, not a run.
            self.blocks = find_blocks(self.graph)
        self._plans: dict[_PlanKey, Plan] = {}
        self.executor = executor
        self.max_workers = max_workers
        self.runner: Executor = make_executor(
            executor, max_workers, address, self.runtime.pools, _flow_modules(modules, self.graph)
        )

    def close(self) -> None:
        """Stop the workers, processes or cluster connection the executor started."""
        self.runner.close()

    # ---- running -------------------------------------------------------------

    def plan(
        self,
        outputs: Sequence[str],
        inputs: Iterable[str] = (),
        overrides: Iterable[str] = (),
    ) -> Plan:
        """The compiled plan for a request shape (memoised)."""
        key = (tuple(outputs), frozenset(inputs), frozenset(overrides))
        plan = self._plans.get(key)
        if plan is None:
            with gc_paused():
                plan = compile_plan(self.graph, key[0], key[2], key[1], self.blocks)
            self._plans[key] = plan
        return plan

    def execute(
        self,
        outputs: Sequence[str] | str,
        inputs: Mapping[str, Any] | None = None,
        overrides: Mapping[str, Any] | None = None,
    ) -> dict[str, Any]:
        """Compute ``outputs`` and return them as ``{name: value}``.

        Raises:
            InputError: an unknown output, missing inputs or an ill-typed input.
            NodeError: a node raised; the original exception is chained.
            DataValidationError: a fail-level check rejected a value.
        """
        inputs = inputs or {}
        overrides = overrides or {}
        plan = self.plan(_names(outputs), inputs, overrides)
        values = self.runner.run(plan, self.seed_values(plan, inputs, overrides)).values
        return {name: values[slot] for name, slot in plan.outputs}

    def validate(
        self,
        outputs: Sequence[str] | str,
        inputs: Mapping[str, Any] | None = None,
        overrides: Mapping[str, Any] | None = None,
    ) -> Plan:
        """Raise whatever ``execute`` would raise before running a node; return the plan."""
        inputs = inputs or {}
        overrides = overrides or {}
        plan = self.plan(_names(outputs), inputs, overrides)
        self.seed_values(plan, inputs, overrides)
        return plan

    def seed_values(
        self, plan: Plan, inputs: Mapping[str, Any], overrides: Mapping[str, Any]
    ) -> list[Any]:
        """The slot list for ``plan`` with supplied values in place, type-checked."""
        values: list[Any] = [None] * plan.size
        sources = {OVERRIDE: overrides, INPUT: inputs, CONFIG: self.config}
        for seed in plan.seeds:
            value = sources[seed.source][seed.name]
            for annotation, consumer in seed.checks:
                expected = hints.resolve(annotation, consumer.namespace)
                if not hints.value_matches(value, expected):
                    raise _ill_typed(seed.name, seed.source, value, expected, consumer)
            values[seed.slot] = value
        return values

    # ---- looking -------------------------------------------------------------

    def list_available_variables(self) -> list[NodeInfo]:
        """Every node and external input, with type, tags, doc and origin."""
        return self.graph.infos()

    def upstream_of(self, *names: str) -> list[str]:
        """The names the given nodes depend on, transitively, given ones excluded."""
        for name in names:
            self.graph.require(name)
        return sorted(self.graph.upstream(names) - set(names))

    def downstream_of(self, *names: str) -> list[str]:
        """The names that depend on the given nodes, transitively, given ones excluded."""
        for name in names:
            self.graph.require(name)
        return sorted(self.graph.downstream(names) - set(names))

    def visualize(
        self,
        path: str | Path,
        outputs: Sequence[str] | None = None,
        *,
        inputs: Mapping[str, Any] | None = None,
        overrides: Mapping[str, Any] | None = None,
        format: str | None = None,
        orient: str = "LR",
        only_selected: bool = False,
        run: Mapping[str, Any] | None = None,
        max_nodes: int | None = None,
    ) -> Path:
        """Draw the flow to ``path`` (png, svg, pdf, dot or mermaid, from the extension).

        ``outputs`` and what they need are highlighted and the rest faded (or left
        out with ``only_selected``); ``run`` is a run record (``run.json``) whose
        node statuses colour the picture. See ``dagrun.render``.

        Raises:
            InputError: an unknown format, orientation or output name.
            DagrunError: png, svg or pdf was asked for and graphviz's ``dot`` is missing.
        """
        from dagrun.render import View, render, runs_from_record

        for name in outputs or ():
            self.graph.require(name)
        view = View(
            outputs=tuple(outputs or ()),
            inputs=dict(inputs or {}),
            overrides=dict(overrides or {}),
            only_selected=only_selected,
            run=runs_from_record(run.get("nodes", {})) if run is not None else None,
            orient=orient,
            max_nodes=max_nodes,
        )
        return render(self.graph, path, format, view)

    def path_between(self, start: str, end: str) -> list[str]:
        """The nodes on any path from ``start`` to ``end``, both included (empty if none)."""
        self.graph.require(start)
        self.graph.require(end)
        between = self.graph.downstream([start]) & self.graph.upstream([end])
        return sorted(between)


def _flow_modules(modules: Sequence[ModuleType], graph: Graph) -> list[ModuleType]:
    """The given modules and every module a node's function comes from (subdag helpers)."""
    found = {module.__name__: module for module in modules}
    for node in graph.nodes.values():
        module = sys.modules.get(node.origin.module)
        if module is not None:
            found.setdefault(module.__name__, module)
    return list(found.values())


def _ill_typed(name: str, source: str, value: Any, expected: Any, consumer: Any) -> InputError:
    return InputError(
        f"{source} '{name}' is {type(value).__name__} {value!r:.60} but "
        f"'{consumer.name}' takes it as {hints.describe(expected)}",
        node=name,
        origin=consumer.origin,
        hint=f"pass a {hints.describe(expected)}",
    )


def _imported(modules: Sequence[ModuleType | str]) -> tuple[ModuleType, ...]:
    """The flow modules; a string is a file path or dotted name, loaded as ``-m`` would."""
    if all(isinstance(module, ModuleType) for module in modules):
        return tuple(modules)  # type: ignore[arg-type]
    from dagrun.loader import load_module
    from dagrun.runspec import ModuleRef, Source

    loaded = []
    for module in modules:
        if isinstance(module, str):
            module = load_module(ModuleRef(module, Path.cwd(), Source("python", module)))
        elif not isinstance(module, ModuleType):
            raise InputError(
                f"Driver takes modules, not {type(module).__name__} {module!r:.60}",
                hint="pass an imported module, a file path or a dotted module name",
            )
        loaded.append(module)
    return tuple(loaded)


def _names(outputs: Sequence[str] | str) -> Sequence[str]:
    """A single name as a one-name request (not as its characters)."""
    return [outputs] if isinstance(outputs, str) else outputs
