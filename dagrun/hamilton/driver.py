"""Hamilton's ``driver.Driver`` and ``driver.Builder`` on a ``dagrun.Driver``.

The Hamilton driver sorts its adapters into what dagrun does with them: result
builders shape ``execute``'s value, node hooks and validators become dagrun
hooks, executor and cache adapters choose the ``dagrun.Driver``'s executor and
``Driver.run``'s cache. Every run is one ``dagrun.Driver.run``.

As in Hamilton, ``driver.Driver`` with no result builder returns a pandas
DataFrame and ``Builder().build()`` a dict; a node's own exception is raised as
it is; a wrong request raises an error that is both ``dagrun.InputError`` and
the ``ValueError`` Hamilton raises.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType
from typing import Any

import dagrun
from dagrun.errors import DagrunError, InputError
from dagrun.graph import Graph
from dagrun.hamilton import base
from dagrun.hamilton._support import (
    Engine,
    UsageError,
    as_usage_error,
    engine_of,
    not_supported,
)
from dagrun.hamilton.graph_types import HamiltonGraph, HamiltonNode, all_names, views
from dagrun.hamilton.lifecycle import api
from dagrun.hamilton.lifecycle.adapt import (
    NodeHookAdapter,
    ResultBuilderAdapter,
    ValidatorAdapter,
    method_wrappers,
)
from dagrun.hamilton.lifecycle.base import LifecycleAdapter, ValidationException
from dagrun.hamilton.lifecycle.default import FunctionInputOutputTypeChecker
from dagrun.hooks import GraphValidator, Hook, validate
from dagrun.io.materialize import Extractor, Materialized, Materializer, with_materializers

__all__ = ["Builder", "Driver", "Variable"]

Variable = HamiltonNode


@dataclass
class _Adapters:
    """The adapters a driver was given, sorted by what dagrun does with each."""

    builder: Any = None
    node_hooks: list[Any] = field(default_factory=list)
    graph_hooks: list[Any] = field(default_factory=list)
    validators: list[Any] = field(default_factory=list)
    construction_hooks: list[Any] = field(default_factory=list)
    methods: list[Any] = field(default_factory=list)
    dagrun_hooks: list[Any] = field(default_factory=list)
    engine: Engine = field(default_factory=Engine)


def _sorted_adapters(adapter: Any, use_legacy_adapter: bool) -> _Adapters:
    given = [] if adapter is None else list(adapter) if isinstance(adapter, list) else [adapter]
    found = _Adapters()
    builders = []
    for item in given:
        if isinstance(item, Hook | GraphValidator):
            found.dagrun_hooks.append(item)
            continue
        if not isinstance(item, LifecycleAdapter):
            raise UsageError(
                f"{type(item).__name__} {item!r:.60} is not an adapter",
                hint="pass adapters from dagrun.hamilton (base, lifecycle, plugins) or "
                "dagrun.hooks objects",
            )
        engine = engine_of(item)
        if engine is not None:
            found.engine = found.engine.merged(engine, type(item).__name__)
        if isinstance(item, api.GraphAdapter) and (
            type(item).execute_node is not api.GraphAdapter.execute_node
        ):
            raise not_supported(
                f"{type(item).__name__}.execute_node",
                "dagrun's executor runs the nodes; choose where with FutureAdapter, "
                "DaskGraphAdapter or Builder().with_remote_executor(...)",
            )
        if isinstance(item, api.ResultBuilder):
            builders.append(item)
        if isinstance(item, api.NodeExecutionHook):
            found.node_hooks.append(item)
        if isinstance(item, api.GraphExecutionHook):
            found.graph_hooks.append(item)
        if isinstance(item, api.StaticValidator):
            found.validators.append(item)
        if isinstance(item, api.GraphConstructionHook):
            found.construction_hooks.append(item)
        if isinstance(item, api.NodeExecutionMethod):
            found.methods.append(item)
    if len(builders) > 1:
        raise UsageError(
            "more than one result builder: " + ", ".join(type(b).__name__ for b in builders),
            hint="pass one; FutureAdapter and the graph adapters take a result_builder",
        )
    if not builders and use_legacy_adapter:
        builders.append(base.PandasDataFrameResult())
    found.builder = builders[0] if builders else None
    return found


class Driver:
    """Builds the flow from ``modules`` and computes what is asked of it.

    Args:
        config: values for ``@config.when`` and inputs to functions.
        *modules: the modules whose functions are the nodes.
        adapter: one adapter or a list (result builders, lifecycle hooks,
            validators, ``FutureAdapter``, ``DaskGraphAdapter``, ``DiskCacheAdapter``,
            ``GracefulErrorAdapter``, or ``dagrun.hooks`` objects). With no result
            builder, ``execute`` returns a pandas DataFrame.
        allow_module_overrides: a function in a later module replaces the
            earlier ones that make the same nodes.
        _materializers: ``to``/``from_`` nodes every run has (``Builder.with_materializers``).

    ``dagrun_driver`` is the ``dagrun.Driver`` underneath, for dagrun's own API
    (``run`` with files and records, ``dry_run``); its ``execute`` builds the same
    result but calls no Hamilton lifecycle hook.

    Raises:
        dagrun.GraphError: the functions do not form a valid dataflow.
        ValidationException: a ``StaticValidator`` refused the flow.
        UsageError: the adapters cannot go together.
        NotSupported: an adapter asks for something dagrun does not do.
    """

    def __init__(
        self,
        config: Mapping[str, Any] | None,
        *modules: ModuleType,
        adapter: Any = None,
        allow_module_overrides: bool = False,
        _use_legacy_adapter: bool = True,
        _engine: Engine | None = None,
        _fallback_engine: Engine | None = None,
        _materializers: Sequence[Any] = (),
    ) -> None:
        self.config = dict(config or {})
        self.graph_modules = modules
        self._adapters = adapters = _sorted_adapters(adapter, _use_legacy_adapter)
        engine = (_engine or Engine()).merged(adapters.engine, "an adapter")
        if engine.executor is None and _fallback_engine is not None:
            engine = _fallback_engine.merged(engine, "an adapter")
        self._cache_dir = engine.cache_dir
        self._engine = engine
        flow = _without_overridden(modules, self.config) if allow_module_overrides else modules
        self._flow = tuple(flow)
        self._shaper = None if adapters.builder is None else ResultBuilderAdapter(adapters.builder)
        wrappers = method_wrappers(adapters.methods, outer=(FunctionInputOutputTypeChecker,))
        self._hooks = [*adapters.dagrun_hooks, *wrappers, *([self._shaper] if self._shaper else [])]
        self.dagrun_driver = self._dagrun_driver(self._flow)
        if _materializers:
            self._flow = self._materialized(_materializers).modules
            self.dagrun_driver.close()
            self.dagrun_driver = self._dagrun_driver(self._flow)
        graph = self.dagrun_driver.graph
        self._refuse_invalid(graph)
        self._graph_view: HamiltonGraph | None = None
        for hook in adapters.construction_hooks:
            hook.run_after_graph_construction(graph=self._view(), config=self.config)

    def _dagrun_driver(self, flow: Sequence[ModuleType]) -> dagrun.Driver:
        try:
            return dagrun.Driver(
                self.config,
                *flow,
                executor=self._engine.executor or "sequential",
                max_workers=self._engine.max_workers,
                address=self._engine.address,
                hooks=self._hooks,
            )
        except InputError as error:
            raise as_usage_error(error) from None

    def _materialized(self, materializers: Sequence[Any]) -> Materialized:
        """The flow's modules with ``to``/``from_`` nodes added to this driver's graph."""
        try:
            return with_materializers(
                self._flow, self.dagrun_driver.graph, materializers, self._final_vars
            )
        except InputError as error:
            raise as_usage_error(error) from None

    def _refuse_invalid(self, graph: Graph) -> None:
        checks = [ValidatorAdapter(v, self.graph_modules) for v in self._adapters.validators]
        problems = validate(checks, graph)
        if problems:
            raise ValidationException(
                f"the flow was refused by a validator ({len(problems)} problem(s)):\n  "
                + "\n  ".join(problems),
                hint="change the flow, or the StaticValidator passed as an adapter",
            )

    def _view(self) -> HamiltonGraph:
        if self._graph_view is None:
            self._graph_view = HamiltonGraph.from_graph(
                self.dagrun_driver.graph, self.graph_modules
            )
        return self._graph_view

    # ---- running -------------------------------------------------------------

    def execute(
        self,
        final_vars: Sequence[str | Callable[..., Any] | HamiltonNode],
        overrides: Mapping[str, Any] | None = None,
        display_graph: bool = False,
        inputs: Mapping[str, Any] | None = None,
    ) -> Any:
        """Compute ``final_vars`` (names, functions or variables) and build the result.

        ``display_graph=True`` first draws what will run to ``test-output/execute.gv``.

        Raises:
            UsageError: a bad output, an unknown name, a missing or ill-typed input.
            Exception: a node's own exception, as the node raised it.
        """
        names = self._final_vars(final_vars)
        if display_graph:
            self.visualize_execution(
                names, "test-output/execute.gv", inputs=inputs, overrides=overrides
            )
        return self._execute(names, inputs, overrides, build=True)

    def raw_execute(
        self,
        final_vars: Sequence[str | Callable[..., Any] | HamiltonNode],
        overrides: Mapping[str, Any] | None = None,
        display_graph: bool = False,
        inputs: Mapping[str, Any] | None = None,
    ) -> dict[str, Any]:
        """``execute`` without the result builder: the outputs as a dict."""
        names = self._final_vars(final_vars)
        if display_graph:
            self.visualize_execution(
                names, "test-output/execute.gv", inputs=inputs, overrides=overrides
            )
        return self._execute(names, inputs, overrides, build=False)  # type: ignore[no-any-return]

    def validate_execution(
        self,
        final_vars: Sequence[str | Callable[..., Any] | HamiltonNode],
        overrides: Mapping[str, Any] | None = None,
        inputs: Mapping[str, Any] | None = None,
    ) -> None:
        """Raise whatever ``execute`` would raise before running a node."""
        names = self._final_vars(final_vars)
        try:
            self.dagrun_driver.validate(names, inputs, overrides)
        except InputError as error:
            raise as_usage_error(error) from None

    def _execute(
        self,
        names: list[str],
        inputs: Mapping[str, Any] | None,
        overrides: Mapping[str, Any] | None,
        build: bool,
        driver: dagrun.Driver | None = None,
    ) -> Any:
        """One run on ``driver`` (this driver's own unless materializing), hooks told."""
        driver = driver or self.dagrun_driver
        self._require(names, driver)
        graph_hooks = self._adapters.graph_hooks
        run_id = str(uuid.uuid4())
        view = self._view if driver is self.dagrun_driver else _graph_view(driver, self)
        for hook in graph_hooks:
            hook.run_before_graph_execution(
                graph=view(),
                final_vars=list(names),
                inputs=inputs,
                overrides=overrides,
                execution_path=_execution_path(driver.graph, names),
                run_id=run_id,
            )
        try:
            results = self._values(names, inputs, overrides, run_id, driver)
            if build and self._shaper is not None:
                results = self._shaper.build_result(results)
        except Exception as error:
            for hook in graph_hooks:
                hook.run_after_graph_execution(
                    graph=view(), success=False, error=error, results=None, run_id=run_id
                )
            raise
        for hook in graph_hooks:
            hook.run_after_graph_execution(
                graph=view(), success=True, error=None, results=results, run_id=run_id
            )
        return results

    def _values(
        self,
        names: list[str],
        inputs: Mapping[str, Any] | None,
        overrides: Mapping[str, Any] | None,
        run_id: str,
        driver: dagrun.Driver,
    ) -> dict[str, Any]:
        """One dagrun run: the outputs by name, or the node's own exception raised."""
        try:
            result = driver.run(
                names,
                inputs=dict(inputs or {}),
                overrides=dict(overrides or {}),
                hooks=[NodeHookAdapter(hook, run_id) for hook in self._adapters.node_hooks],
                cache=self._cache_dir is not None,
                state_dir=self._cache_dir,
            )
        except InputError as error:
            raise as_usage_error(error) from None
        if result.status == "interrupted":
            raise KeyboardInterrupt
        errors = list(result.errors.values())
        if errors:
            raise _as_raised(errors[0])
        return {name: result.values[name] for name in names}

    def _final_vars(self, final_vars: Any) -> list[str]:
        """The output names of ``final_vars``, in order, once each."""
        if isinstance(final_vars, str):
            raise UsageError(
                f"final_vars is the string {final_vars!r}, not a list of outputs",
                hint=f"pass a list: execute([{final_vars!r}])",
            )
        if isinstance(final_vars, Mapping) or not isinstance(final_vars, Iterable):
            raise UsageError(
                f"final_vars is {type(final_vars).__name__} {final_vars!r:.60}, not a list "
                "of outputs",
                hint="pass a list of node names, functions or variables",
            )
        modules = {module.__name__ for module in self.graph_modules}
        names, problems = [], []
        for item in final_vars:
            name = _output_name(item, modules)
            if name is None:
                problems.append(_bad_output(item, modules))
            else:
                names.append(name)
        if problems:
            raise UsageError(
                "; ".join(problems),
                hint="ask for outputs by node name, by the function that makes the node, "
                "or by a variable from list_available_variables()",
            )
        return list(dict.fromkeys(names))

    def _require(self, names: Iterable[str], driver: dagrun.Driver | None = None) -> None:
        graph = (driver or self.dagrun_driver).graph
        try:
            for name in names:
                graph.require(name)
        except InputError as error:
            raise as_usage_error(error) from None

    # ---- looking -------------------------------------------------------------

    def list_available_variables(
        self, *, tag_filter: Mapping[str, str | list[str] | None] | None = None
    ) -> list[HamiltonNode]:
        """Every node and external input; with ``tag_filter``, those whose tags match it all.

        A filter value is a tag value, a list of values (any matches), or None
        (the tag is present).
        """
        graph = self.dagrun_driver.graph
        found = views(graph, all_names(graph), self.graph_modules)
        if not tag_filter:
            return found
        for wanted in tag_filter.values():
            if not (
                wanted is None or isinstance(wanted, str) or (isinstance(wanted, list) and wanted)
            ):
                raise UsageError(
                    f"tag_filter value {wanted!r} is not a string, a list of strings or None"
                )
        return [node for node in found if _matches(node.tags, tag_filter)]

    def what_is_upstream_of(self, *node_names: str) -> list[HamiltonNode]:
        """The given nodes and everything they depend on, inputs included."""
        self._require(node_names)
        return self._in_graph_order(self.dagrun_driver.graph.upstream(node_names))

    def what_is_downstream_of(self, *node_names: str) -> list[HamiltonNode]:
        """The given nodes and everything that depends on them."""
        self._require(node_names)
        return self._in_graph_order(self.dagrun_driver.graph.downstream(node_names))

    def what_is_the_path_between(
        self, upstream_node_name: str, downstream_node_name: str
    ) -> list[HamiltonNode]:
        """The nodes on any path from one to the other, both included; empty if there is none."""
        self._require((upstream_node_name, downstream_node_name))
        graph = self.dagrun_driver.graph
        between = graph.downstream([upstream_node_name]) & graph.upstream([downstream_node_name])
        return self._in_graph_order(between)

    def _in_graph_order(self, names: set[str]) -> list[HamiltonNode]:
        graph = self.dagrun_driver.graph
        ordered = [name for name in graph.all_names() if name in names]
        return views(graph, ordered, self.graph_modules)

    # ---- drawing -------------------------------------------------------------

    def display_all_functions(
        self,
        output_file_path: str | None = None,
        render_kwargs: dict[str, Any] | None = None,
        graphviz_kwargs: dict[str, Any] | None = None,
        show_legend: bool = True,
        orient: str = "LR",
        hide_inputs: bool = False,
        deduplicate_inputs: bool = False,
        show_schema: bool = True,
        custom_style_function: Callable[..., Any] | None = None,
        keep_dot: bool = False,
    ) -> Any:
        """Draw the whole flow; return it as a ``graphviz.Source``.

        As in Hamilton, the file's extension (or ``render_kwargs["format"]``)
        picks the format, png without one. dagrun never opens a viewer.
        """
        _refuse_styling(graphviz_kwargs, hide_inputs, deduplicate_inputs, custom_style_function)
        return _draw(
            self.dagrun_driver.graph,
            _view(orient=orient),
            output_file_path,
            render_kwargs,
            keep_dot,
        )

    def display_upstream_of(
        self,
        *node_names: str,
        output_file_path: str | None = None,
        render_kwargs: dict[str, Any] | None = None,
        graphviz_kwargs: dict[str, Any] | None = None,
        show_legend: bool = True,
        orient: str = "LR",
        hide_inputs: bool = False,
        deduplicate_inputs: bool = False,
        show_schema: bool = True,
        custom_style_function: Callable[..., Any] | None = None,
        keep_dot: bool = False,
    ) -> Any:
        """Draw the given nodes and what they depend on."""
        _refuse_styling(graphviz_kwargs, hide_inputs, deduplicate_inputs, custom_style_function)
        self._require(node_names)
        view = _view(outputs=tuple(node_names), only_selected=True, orient=orient)
        return _draw(self.dagrun_driver.graph, view, output_file_path, render_kwargs, keep_dot)

    def display_downstream_of(
        self,
        *node_names: str,
        output_file_path: str | None = None,
        render_kwargs: dict[str, Any] | None = None,
        graphviz_kwargs: dict[str, Any] | None = None,
        show_legend: bool = True,
        orient: str = "LR",
        hide_inputs: bool = False,
        deduplicate_inputs: bool = False,
        show_schema: bool = True,
        custom_style_function: Callable[..., Any] | None = None,
        keep_dot: bool = False,
    ) -> Any:
        """Draw what depends on the given nodes; the other values they read show as inputs."""
        _refuse_styling(graphviz_kwargs, hide_inputs, deduplicate_inputs, custom_style_function)
        self._require(node_names)
        graph = self.dagrun_driver.graph
        below = graph.downstream(node_names)
        part = Graph([node for name, node in graph.nodes.items() if name in below], graph.config)
        return _draw(part, _view(orient=orient), output_file_path, render_kwargs, keep_dot)

    def visualize_execution(
        self,
        final_vars: Sequence[str | Callable[..., Any] | HamiltonNode],
        output_file_path: str | None = None,
        render_kwargs: dict[str, Any] | None = None,
        inputs: Mapping[str, Any] | None = None,
        graphviz_kwargs: dict[str, Any] | None = None,
        overrides: Mapping[str, Any] | None = None,
        show_legend: bool = True,
        orient: str = "LR",
        hide_inputs: bool = False,
        deduplicate_inputs: bool = False,
        show_schema: bool = True,
        custom_style_function: Callable[..., Any] | None = None,
        bypass_validation: bool = False,
        keep_dot: bool = False,
    ) -> Any:
        """Draw what computing ``final_vars`` runs (checked first unless ``bypass_validation``)."""
        _refuse_styling(graphviz_kwargs, hide_inputs, deduplicate_inputs, custom_style_function)
        names = self._final_vars(final_vars)
        if bypass_validation:
            self._require(names)
        else:
            self.validate_execution(names, overrides, inputs)
        view = _view(
            outputs=tuple(names),
            inputs=dict(inputs or {}),
            overrides=dict(overrides or {}),
            only_selected=True,
            orient=orient,
        )
        return _draw(self.dagrun_driver.graph, view, output_file_path, render_kwargs, keep_dot)

    # ---- materializing -----------------------------------------------------

    def materialize(
        self,
        *materializers: Materializer | Extractor,
        additional_vars: Sequence[str | Callable[..., Any] | HamiltonNode] | None = None,
        overrides: Mapping[str, Any] | None = None,
        inputs: Mapping[str, Any] | None = None,
    ) -> tuple[dict[str, Any], dict[str, Any]]:
        """Run with ``to``/``from_`` nodes added: ``(saver metadata by id, additional_vars)``.

        The nodes are added to a copy of the graph for this run only.

        Raises:
            UsageError: nothing asked for, or a materializer names unknown nodes.
            Exception: a node's own exception, as the node raised it.
        """
        extra = self._final_vars(additional_vars or [])
        made = self._materialized(materializers)
        if not made.saver_ids and not extra:
            raise UsageError(
                "no output requested: no materializer saves anything and additional_vars is empty",
                hint="pass to.<format>(...) materializers, or additional_vars=[...]",
            )
        names = list(dict.fromkeys([*extra, *made.saver_ids]))
        with self._dagrun_driver(made.modules) as driver:
            results = self._execute(names, inputs, overrides, build=False, driver=driver)
        return (
            {name: results[name] for name in made.saver_ids},
            {name: results[name] for name in extra},
        )

    def validate_materialization(
        self,
        *materializers: Materializer | Extractor,
        additional_vars: Sequence[str | Callable[..., Any] | HamiltonNode] | None = None,
        overrides: Mapping[str, Any] | None = None,
        inputs: Mapping[str, Any] | None = None,
    ) -> None:
        """Raise whatever ``materialize`` would raise before running a node."""
        extra = self._final_vars(additional_vars or [])
        made = self._materialized(materializers)
        with self._dagrun_driver(made.modules) as driver:
            try:
                driver.validate([*extra, *made.saver_ids], inputs, overrides)
            except InputError as error:
                raise as_usage_error(error) from None

    def visualize_materialization(self, *materializers: Any, **options: Any) -> Any:
        """Not in dagrun: draw the driver built with ``Builder().with_materializers(...)``."""
        raise not_supported(
            "Driver.visualize_materialization",
            "build the driver with Builder().with_materializers(...) and call visualize_execution",
        )

    @property
    def cache(self) -> Any:
        """Hamilton's cache adapter object, which dagrun's cache does not have."""
        raise not_supported(
            "Driver.cache",
            "dagrun's cache has no adapter object; see what it holds with `dagrun cache info "
            "--state-dir PATH`",
        )


class Builder:
    """Hamilton's step-by-step way to make a ``Driver``; ``build()`` returns dicts by default."""

    def __init__(self) -> None:
        self.v2_executor = False
        self.config: dict[str, Any] = {}
        self.modules: list[ModuleType] = []
        self.legacy_graph_adapter: Any = None
        self.adapters: list[Any] = []
        self.execution_manager: Any = None
        self.local_executor: Any = None
        self.remote_executor: Any = None
        self.cache_path: str | None = None
        self._allow_module_overrides = False
        self.materializers: list[Materializer | Extractor] = []

    def enable_dynamic_execution(self, *, allow_experimental_mode: bool = False) -> Builder:
        """Allow choosing the executor; dagrun runs parallel blocks with or without this."""
        if not allow_experimental_mode:
            raise UsageError(
                "dynamic execution needs allow_experimental_mode=True, as in Hamilton",
                hint="call enable_dynamic_execution(allow_experimental_mode=True)",
            )
        self.v2_executor = True
        return self

    def with_config(self, config: Mapping[str, Any]) -> Builder:
        """Add config; later calls win."""
        self.config.update(config)
        return self

    def with_modules(self, *modules: ModuleType) -> Builder:
        self.modules.extend(modules)
        return self

    def with_adapter(self, adapter: Any) -> Builder:
        """Set the one classic graph adapter."""
        if self.legacy_graph_adapter is not None:
            raise UsageError("with_adapter() was already called", hint="pass one graph adapter")
        self.legacy_graph_adapter = adapter
        return self

    def with_adapters(self, *adapters: Any) -> Builder:
        self.adapters.extend(adapters)
        return self

    def with_materializers(self, *materializers: Materializer | Extractor) -> Builder:
        """Add ``to``/``from_`` nodes to the driver's graph, to ask for by name in ``execute``."""
        wrong = [m for m in materializers if not isinstance(m, Materializer | Extractor)]
        if wrong:
            unpack = len(materializers) == 1 and isinstance(materializers[0], Sequence)
            raise UsageError(
                "with_materializers() received a sequence"
                if unpack
                else f"with_materializers() takes materializers, not {wrong[0]!r:.60}",
                hint="unpack it: with_materializers(*[to.json(...), from_.csv(...)])"
                if unpack
                else "pass to.<format>(...) or from_.<format>(...)",
            )
        self.materializers.extend(materializers)
        return self

    def with_cache(
        self,
        path: str | Path = ".hamilton_cache",
        metadata_store: Any = None,
        result_store: Any = None,
        default: Any = None,
        recompute: Any = None,
        ignore: Any = None,
        disable: Any = None,
        default_behavior: str = "default",
        default_loader_behavior: str = "default",
        default_saver_behavior: str = "default",
        log_to_file: bool = False,
    ) -> Builder:
        """Turn on dagrun's cache, stored under ``path``.

        Per-node choices go on the functions in dagrun (``@cache(behavior=...)``),
        so the other arguments are refused.
        """
        if self.cache_path is not None:
            raise UsageError("with_cache() was already called")
        given = {
            "metadata_store": metadata_store is not None,
            "result_store": result_store is not None,
            "default": default is not None,
            "recompute": recompute is not None,
            "ignore": ignore is not None,
            "disable": disable is not None,
            "default_behavior": default_behavior != "default",
            "default_loader_behavior": default_loader_behavior != "default",
            "default_saver_behavior": default_saver_behavior != "default",
            "log_to_file": bool(log_to_file),
        }
        refused = [name for name, set_ in given.items() if set_]
        if refused:
            raise not_supported(
                f"with_cache({', '.join(refused)}=...)",
                "dagrun's cache takes only a folder; put @cache(behavior=...) on the "
                "functions to recompute, ignore or disable",
            )
        self.cache_path = str(path)
        return self

    def with_execution_manager(self, execution_manager: Any) -> Builder:
        self._require_dynamic("an execution manager")
        if self.execution_manager is not None or self.remote_executor is not None:
            raise UsageError("an execution manager goes alone, not twice or with an executor")
        self.execution_manager = execution_manager
        return self

    def with_remote_executor(self, remote_executor: Any) -> Builder:
        """Choose the dagrun executor the flow runs on (``execution.executors``, ``h_dask``)."""
        self._require_dynamic("a remote executor")
        if self.remote_executor is not None or self.execution_manager is not None:
            raise UsageError("a remote executor is set once, and not with an execution manager")
        self.remote_executor = remote_executor
        return self

    def with_local_executor(self, local_executor: Any) -> Builder:
        """Accepted for Hamilton's sake: dagrun runs the flow on the remote executor only."""
        self._require_dynamic("a local executor")
        if self.local_executor is not None or self.execution_manager is not None:
            raise UsageError("a local executor is set once, and not with an execution manager")
        self.local_executor = local_executor
        return self

    def with_grouping_strategy(self, grouping_strategy: Any) -> Builder:
        raise not_supported(
            "Builder.with_grouping_strategy", "dagrun groups the nodes of a parallel block itself"
        )

    def allow_module_overrides(self) -> Builder:
        """Let a later module's functions replace earlier ones that make the same nodes."""
        self._allow_module_overrides = True
        return self

    def _require_dynamic(self, what: str) -> None:
        if not self.v2_executor:
            raise UsageError(
                f"{what} needs dynamic execution",
                hint="call enable_dynamic_execution(allow_experimental_mode=True) first",
            )

    def build(self) -> Driver:
        """The driver; its ``execute`` returns a dict unless an adapter builds something else."""
        adapters = [*self.adapters]
        if self.legacy_graph_adapter is not None:
            adapters.append(self.legacy_graph_adapter)
        chosen = self.remote_executor or self.execution_manager
        engine = Engine(cache_dir=self.cache_path)
        if chosen is not None:
            engine = engine.merged(_executor_engine(chosen), "the remote executor")
        fallback = Engine(executor="threads", max_workers=10) if self.v2_executor else None
        return Driver(
            self.config,
            *self.modules,
            adapter=adapters,
            allow_module_overrides=self._allow_module_overrides,
            _use_legacy_adapter=False,
            _engine=engine,
            _fallback_engine=fallback,
            _materializers=self.materializers,
        )

    def copy(self) -> Builder:
        """A builder with the same settings, to change without touching this one."""
        twin = type(self)()
        twin.__dict__.update(
            {
                **self.__dict__,
                "config": dict(self.config),
                "modules": list(self.modules),
                "adapters": list(self.adapters),
                "materializers": list(self.materializers),
            }
        )
        return twin


def _executor_engine(executor: Any) -> Engine:
    engine = engine_of(executor)
    if engine is None:
        raise not_supported(
            f"the executor {type(executor).__name__}",
            "use execution.executors (SynchronousLocalTaskExecutor, MultiThreadingExecutor, "
            "MultiProcessingExecutor) or plugins.h_dask.DaskExecutor",
        )
    return engine


def _execution_path(graph: Graph, names: Sequence[str]) -> list[str]:
    """The nodes (not inputs) the outputs depend on, as Hamilton tells graph hooks."""
    upstream = graph.upstream(names)
    return [name for name in graph.nodes if name in upstream]


def _graph_view(driver: dagrun.Driver, owner: Driver) -> Callable[[], HamiltonGraph]:
    """The Hamilton view of a materializing run's graph, made when a hook first asks."""
    made: list[HamiltonGraph] = []

    def view() -> HamiltonGraph:
        if not made:
            made.append(HamiltonGraph.from_graph(driver.graph, owner.graph_modules))
        return made[0]

    return view


def _output_name(item: Any, modules: set[str]) -> str | None:
    """The node name ``item`` asks for: a name, a variable's name, or a flow function's name."""
    if isinstance(item, str):
        return item
    name = getattr(item, "name", None)
    if isinstance(name, str):
        return name
    if callable(item) and getattr(item, "__module__", None) in modules:
        return getattr(item, "__name__", None)
    return None


def _bad_output(item: Any, modules: set[str]) -> str:
    if callable(item) and hasattr(item, "__name__"):
        return (
            f"function {getattr(item, '__module__', '?')}.{item.__name__} is not in the "
            f"driver's modules ({', '.join(sorted(modules))})"
        )
    return f"output {item!r:.60} ({type(item).__name__}) is not a name, a function or a variable"


def _as_raised(error: DagrunError) -> BaseException:
    """What Hamilton raises for a failed node: the node's own exception, noting where."""
    cause = error.__cause__
    if cause is None:
        return error
    if hasattr(cause, "add_note"):
        where = f" ({error.origin})" if error.origin is not None else ""
        cause.add_note(f"raised by node '{error.node}'{where}, run by dagrun")
    return cause


def _matches(tags: Mapping[str, Any], query: Mapping[str, Any]) -> bool:
    for key, wanted in query.items():
        if key not in tags:
            return False
        if wanted is None:
            continue
        have = tags[key] if isinstance(tags[key], list) else [tags[key]]
        if not set(have) & set(wanted if isinstance(wanted, list) else [wanted]):
            return False
    return True


def _refuse_styling(
    graphviz_kwargs: Any, hide_inputs: bool, deduplicate_inputs: bool, custom_style: Any
) -> None:
    """dagrun draws in its own style; options that would change the picture are refused."""
    asked = {
        "graphviz_kwargs": graphviz_kwargs,
        "hide_inputs": hide_inputs,
        "deduplicate_inputs": deduplicate_inputs,
        "custom_style_function": custom_style,
    }
    refused = [name for name, given in asked.items() if given]
    if refused:
        raise not_supported(
            f"drawing with {', '.join(refused)}",
            "dagrun draws in its own style; use `dagrun visualize` options or the dot output",
        )


def _view(**fields: Any) -> Any:
    """dagrun's picture request (``dagrun.render.View``); a bad orientation is a usage error."""
    from dagrun.render import View

    try:
        return View(**fields)
    except InputError as error:
        raise as_usage_error(error) from None


def _draw(
    graph: Graph,
    view: Any,
    output_file_path: str | None,
    render_kwargs: Mapping[str, Any] | None,
    keep_dot: bool,
) -> Any:
    """Write the picture where Hamilton would, and return its dot source as a graphviz object."""
    import graphviz

    from dagrun.render import format_for, render, render_bytes

    try:
        dot = render_bytes(graph, "dot", view).decode()
        if output_file_path is not None:
            stem, suffix = os.path.splitext(output_file_path)
            asked = (render_kwargs or {}).get("format") or suffix.lstrip(".") or "png"
            target = Path(f"{stem}.{asked}")
            target.parent.mkdir(parents=True, exist_ok=True)
            render(graph, target, format_for(target, {"gv": "dot"}.get(asked, asked)), view)
            if keep_dot:
                Path(stem).write_text(dot)
    except InputError as error:
        raise as_usage_error(error) from None
    return graphviz.Source(dot)


def _without_overridden(
    modules: Sequence[ModuleType], config: Mapping[str, Any]
) -> tuple[ModuleType, ...]:
    """The modules, each without the functions whose nodes a later module makes again.

    Raises:
        NotSupported: a later module makes only some of one function's nodes.
    """
    from dagrun.modifiers.resolve import nodes_from_modules

    made = []
    for module in modules:
        by_function: dict[str, set[str]] = {}
        for node in nodes_from_modules([module], config, {}):
            by_function.setdefault(node.origin.function, set()).add(node.name)
        made.append(by_function)
    kept = []
    for index, module in enumerate(modules):
        later = {name for after in made[index + 1 :] for names in after.values() for name in names}
        dropped = set()
        for function, names in made[index].items():
            replaced = names & later
            if replaced and replaced != names:
                raise not_supported(
                    f"overriding only {', '.join(sorted(replaced))} of the nodes "
                    f"{module.__name__}.{function} makes",
                    "make the later module define all of them, or rename the function",
                )
            if replaced:
                dropped.add(function)
        kept.append(_module_without(module, dropped) if dropped else module)
    return tuple(kept)


def _module_without(module: ModuleType, names: set[str]) -> ModuleType:
    """A stand-in for ``module`` (same name) that lacks ``names``; the module is untouched."""
    stand_in = ModuleType(module.__name__, module.__doc__)
    stand_in.__dict__.update({k: v for k, v in vars(module).items() if k not in names})
    return stand_in
