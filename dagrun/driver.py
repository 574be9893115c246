"""Driver: the Python API and the one place a run is composed.

The driver only composes the other parts: ``modifiers`` make nodes, ``graph``
validates them, ``plan`` compiles a request, the cache rewrites it, an executor
runs it, ``io`` writes the outputs and ``runs`` records the run. ``execute``
returns values; ``run`` does everything ``dagrun execute`` does (the CLI calls
it). Plans are memoised per request shape, so calling either in a loop
compiles once.
"""

from __future__ import annotations

import sqlite3
import sys
import time
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING, Any

from dagrun import hints
from dagrun import hooks as hooks_api
from dagrun.blocks import find_blocks
from dagrun.errors import DagrunError, GraphError, InputError, ResourceError, did_you_mean
from dagrun.executors import Executor, make_executor
from dagrun.executors.events import CACHED, DONE, Observer, Outcome
from dagrun.graph import Graph
from dagrun.io import storage
from dagrun.io.sources import FileInput, file_inputs
from dagrun.io.storage import Location
from dagrun.modifiers.resolve import nodes_from_modules
from dagrun.node import NodeInfo
from dagrun.perf import gc_paused
from dagrun.plan import CONFIG, INPUT, OVERRIDE, Plan, compile_plan
from dagrun.redact import Redactor

# What the cache keys on for a secret: a constant, so its text never reaches the store.
SECRET_FINGERPRINT = "secret"

if TYPE_CHECKING:
    from dagrun.caching import CachedRun
    from dagrun.request import Request
    from dagrun.runs import RunResult
    from dagrun.runspec import RunSpec

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
        hooks: ``dagrun.hooks`` objects for every run of this driver: run and node
            hooks watch, validators may refuse the graph here, node wrappers
            wrap the nodes' functions, and a result builder shapes what
            ``execute`` returns.

    Raises:
        GraphError: the functions do not form a valid dataflow, or a validator
            refused it (at construction).
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
        hooks: Sequence[object] = (),
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
            self.hooks = tuple(hooks)
            nodes = hooks_api.wrapped(self.hooks, nodes)
            self.graph = Graph(nodes, self.config, unresolved)
            # A badly drawn parallel block fails the build, not a run.
            self.blocks = find_blocks(self.graph)
        _refuse_invalid(self.hooks, self.graph)
        self._builder = hooks_api.result_builder(self.hooks)
        self._plans: dict[_PlanKey, Plan] = {}
        self.executor = executor
        self.max_workers = max_workers
        self.runner: Executor = make_executor(
            executor, max_workers, address, self.runtime.pools, _flow_modules(modules, self.graph)
        )

    @classmethod
    def from_spec(cls, spec: RunSpec, hooks: Sequence[object] = ()) -> Driver:
        """The driver a run file describes: its modules, config, executor and runtime.

        Raises:
            InputError: a module cannot be imported.
            GraphError: the functions do not form a valid dataflow.
        """
        from dagrun.loader import load_modules

        modules = load_modules(spec.modules)
        options: dict[str, Any] = {"executor": spec.executor.kind, "runtime": spec.runtime}
        if spec.executor.workers is not None:
            options["max_workers"] = spec.executor.workers
        if spec.executor.address is not None:
            options["address"] = spec.executor.address
        return cls(dict(spec.config), *modules, hooks=hooks, **options)

    def close(self) -> None:
        """Stop the workers, processes or cluster connection the executor started."""
        self.runner.close()

    def __enter__(self) -> Driver:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

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
    ) -> Any:
        """Compute ``outputs`` and return them as ``{name: value}`` (or as the result builder says).

        Fail-fast, no cache and no files: the values only. The driver's hooks
        watch it like any run (with no run record kept).

        Raises:
            InputError: an unknown output, missing inputs or an ill-typed input.
            NodeError: a node raised; the original exception is chained.
            DataValidationError: a fail-level check rejected a value.
        """
        inputs = _loaded(inputs or {})
        overrides = overrides or {}
        names = _names(outputs)
        plan = self.plan(names, inputs, overrides)
        values = self.seed_values(plan, inputs, overrides)
        if self.hooks:
            values = self._watched(plan, values, inputs, overrides)
        else:
            values = self.runner.run(plan, values).values
        found = {name: values[slot] for name, slot in plan.outputs}
        return found if self._builder is None else self._builder.build_result(found)

    def _watched(
        self,
        plan: Plan,
        values: list[Any],
        inputs: Mapping[str, Any],
        overrides: Mapping[str, Any],
    ) -> list[Any]:
        """``execute``'s run with the driver's hooks told of it, start to end."""
        from dagrun.runs import new_run_id

        start = hooks_api.RunStart(
            run_id=new_run_id(),
            outputs=tuple(name for name, _ in plan.outputs),
            nodes=tuple(plan.names),
            inputs=tuple(inputs),
            overrides=tuple(overrides),
            executor=self.executor,
            graph=self.graph,
        )
        for call in hooks_api.run_hooks(self.hooks, "before_run"):
            call(start)
        observers = hooks_api.node_observers(self.hooks, self.graph.nodes)
        started = time.perf_counter()
        status, errors, outputs = "interrupted", {}, {}
        try:
            values = self.runner.run(plan, values, observers).values
            status, outputs = "success", {name: values[slot] for name, slot in plan.outputs}
            return values
        except DagrunError as error:
            status, errors = "failed", {error.node or "?": error}
            raise
        finally:
            end = hooks_api.RunEnd(status, errors, outputs, time.perf_counter() - started)
            for call in hooks_api.run_hooks(self.hooks, "after_run"):
                call(start, end)

    def run(
        self,
        request: Request | Sequence[str] | str,
        *,
        hooks: Sequence[object] = (),
        on_wait: Callable[[str], None] | None = None,
        **options: Any,
    ) -> RunResult:
        """Everything ``dagrun execute`` does: cache, keep-going, files, record, hooks.

        ``request`` is a ``Request``, or output names with the ``Request`` fields
        as keyword arguments: ``dr.run(["c"], inputs={"a": 1}, cache=True,
        out_dir="out")``. A node's failure never raises: the result's ``status``
        is ``failed`` and ``errors`` says why. Ctrl-C ends the run as
        ``interrupted``, with its record saved. With ``out_dir``, outputs and
        ``run.json`` are written under the folder's lock (``on_wait`` hears when
        another run holds it), with temporary files staged in the state dir.

        Raises:
            InputError, GraphError: the request is wrong; nothing ran.
            ResourceError: the output folder, cache or record cannot be written.
        """
        from dagrun.runs import new_run_id

        run_id = new_run_id()
        request = _filled(_request(request, options), run_id, self.config)
        with _masked(request):
            plan = self.validate(request.outputs, request.supplied(), request.overrides)
        for source in file_inputs(request.inputs).values():
            source.check()
        if request.out_dir is not None:
            from dagrun.io.destinations import check_contained, check_destinations
            from dagrun.io.lock import check_writable

            check_contained(request.out_dir, request.targets, self.graph, request.outputs)
            check_destinations(request.out_dir, request.targets, request.outputs, _state(request))
            if not storage.is_url(request.out_dir):
                check_writable(Path(request.out_dir))
        return _Run(self, request, plan, (*self.hooks, *hooks), run_id).go(on_wait)

    def dry_run(self, request: Request | Sequence[str] | str, **options: Any) -> dict[str, Any]:
        """What ``run`` would do, run nothing: the steps with the cache's decision and why,
        the supplied values used, and where each output would go."""
        from dagrun.io.destinations import planned_destination

        request = _filled(_request(request, options), "<run id>", self.config)
        supplied = request.supplied()
        with _masked(request):
            plan = self.validate(request.outputs, supplied, request.overrides)
        sourced = file_inputs(request.inputs)
        for source in sourced.values():
            source.check()
        values = self.seed_values(plan, supplied, request.overrides)
        cached = _cache(self, request, plan, values, dry_run=True)
        decisions = cached.decisions if cached else {}
        steps = [
            {"node": name, "action": decisions[name].action, "reason": decisions[name].reason}
            if cached
            else {"node": name, "action": "run", "reason": "cache off"}
            for name in plan.names
        ]
        sources = {OVERRIDE: request.overrides, INPUT: supplied, CONFIG: self.config}
        seeds = {
            seed.name: {
                "source": seed.source,
                "value": _shown(seed.name, sources[seed.source], request),
            }
            for seed in plan.seeds
        }
        outputs = {
            name: planned_destination(request.out_dir, request.targets, name)
            if request.out_dir is not None
            else None
            for name in request.outputs
        }
        return {
            "status": "dry-run",
            "steps": steps,
            "inputs": seeds,
            "outputs": outputs,
            "out_dir": str(request.out_dir) if request.out_dir is not None else None,
        }

    def request_for(self, spec: RunSpec) -> Request:
        """The request a run file (with its flags) makes of this driver, checked.

        Raises:
            InputError: an unknown output or selection, a missing or ill-typed
                input (naming the run-file line or flag that set it), or an
                output that would land outside the output folder.
        """
        from dagrun.io.destinations import check_contained
        from dagrun.request import Request
        from dagrun.runspec import with_flag_text
        from dagrun.select import choose_outputs, select

        graph = self.graph
        spec = with_flag_text(spec, _string_inputs(graph))
        spec.warn_unknown_names(set(graph.nodes) | set(graph.external))
        outputs = choose_outputs(spec, graph)
        try:
            self.validate(outputs, {**spec.inputs, **spec.secrets}, spec.overrides)
        except InputError as error:
            Redactor(spec.secrets.values()).error(error)
            raise spec.annotate(error) from None
        targets = dict(spec.outputs or {})
        check_contained(spec.out_dir, targets, graph, outputs)
        return Request(
            outputs=outputs,
            inputs=spec.inputs,
            overrides=spec.overrides,
            secrets=spec.secrets,
            keep_going=spec.keep_going,
            cache=spec.cache,
            force=select(graph, spec.force) if spec.force and spec.cache else (),
            out_dir=spec.out_dir,
            targets=targets,
            run_file=spec.run_file,
            record_extra={
                "selection": list(outputs),
                "executor": spec.executor.kind,
                "request": spec.request_flags(),
            },
        )

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
            if isinstance(value, FileInput):  # checked once loaded, when the run starts
                values[seed.slot] = value
                continue
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


class _Run:
    """One run of ``Driver.run`` from start to record: the state it carries between steps."""

    def __init__(
        self, driver: Driver, request: Request, plan: Plan, hooks: Sequence[object], run_id: str
    ):
        from dagrun.runs import RunRecorder, utc_now

        self.driver, self.request, self.plan, self.hooks = driver, request, plan, hooks
        self.run_id, self.started_at, self.started = run_id, utc_now(), time.perf_counter()
        self.recorder = RunRecorder(plan.names)
        self.redactor = Redactor(request.secrets.values())
        self.errors: dict[str, DagrunError] = {}
        self.status = "interrupted"

    def go(self, on_wait: Callable[[str], None] | None) -> RunResult:
        from dagrun.runs import RunResult

        driver, request, plan = self.driver, self.request, self.plan
        values = driver.seed_values(plan, _loaded(request.supplied()), request.overrides)
        start = hooks_api.RunStart(
            run_id=self.run_id,
            outputs=tuple(request.outputs),
            nodes=tuple(plan.names),
            inputs=tuple(request.inputs),
            overrides=tuple(request.overrides),
            executor=driver.executor,
            graph=driver.graph,
        )
        for call in hooks_api.run_hooks(self.hooks, "before_run"):
            call(start)
        observers = hooks_api.node_observers((self.recorder, *self.hooks), driver.graph.nodes)
        cached: CachedRun | None = None
        outcome: Outcome | None = None
        try:
            cached = _cache(driver, request, plan, values, self.run_id)
            outcome = self._execute(values, observers, cached)
            self.errors.update(outcome.errors)
            self.status = "failed" if self.errors else "success"
        except KeyboardInterrupt:
            pass
        except BaseException:  # the run cannot go on (a store it needs): hooks still hear the end
            self._tell_end(start, hooks_api.RunEnd("failed", self.errors, {}, self._elapsed()))
            raise
        computed = self._computed(outcome)
        written: dict[str, dict[str, Any]] = {}
        path = None
        if request.out_dir is None:
            record = self._record(written, cached)
        else:
            written, record, path = self._write(outcome, computed, cached, on_wait)
        for error in self.errors.values() if self.redactor else ():
            self.redactor.error(error)
        self._tell_end(
            start, hooks_api.RunEnd(self.status, self.errors, computed, record["duration_s"])
        )
        return RunResult(computed, record, self.errors, path)

    def _tell_end(self, start: hooks_api.RunStart, end: hooks_api.RunEnd) -> None:
        for call in hooks_api.run_hooks(self.hooks, "after_run"):
            call(start, end)

    def _elapsed(self) -> float:
        return time.perf_counter() - self.started

    def _execute(
        self, values: list[Any], observers: Sequence[Observer], cached: CachedRun | None
    ) -> Outcome:
        """Run the (cache-rewritten) plan; fail-fast errors become an outcome like any failure."""
        plan, keep_going = self.plan, self.request.keep_going
        if cached is not None:
            plan, observers = cached.plan, cached.start(observers)
        try:
            return self.driver.runner.run(plan, values, observers, keep_going=keep_going)
        except DagrunError as error:
            if keep_going or error.exit_code != 1:
                raise
            return Outcome(values, errors={error.node or "?": error})
        finally:
            if cached is not None:
                cached.finish()

    def _computed(self, outcome: Outcome | None) -> dict[str, Any]:
        """The requested outputs that finished (none after a fail-fast failure)."""
        if outcome is None or (not outcome.ok and not self.request.keep_going):
            return {}
        nodes = self.recorder.nodes
        return {
            name: outcome.values[slot]
            for name, slot in self.plan.outputs
            if nodes.get(name, {"status": DONE})["status"] in (DONE, CACHED)
        }

    def _write(
        self,
        outcome: Outcome | None,
        computed: dict[str, Any],
        cached: CachedRun | None,
        on_wait: Callable[[str], None] | None,
    ) -> tuple[dict[str, dict[str, Any]], dict[str, Any], Location]:
        """Outputs and ``run.json`` under the folder's lock; a killed run leaves no temporaries."""
        from dagrun.io.atomic import sweep
        from dagrun.io.destinations import write_outputs
        from dagrun.io.lock import folder_lock
        from dagrun.runs import keep_record, retract_record, staging_dir

        request = self.request
        out_dir = request.out_dir
        assert out_dir is not None
        state = _state(request)
        written: dict[str, dict[str, Any]] = {}
        with folder_lock(_lock_folder(out_dir, state), on_wait=on_wait):
            staging = staging_dir(state)
            sweep(staging)
            if not storage.is_url(out_dir):
                sweep(Path(out_dir))
            if outcome is not None:
                retract_record(out_dir)
                try:
                    written, failed = write_outputs(
                        computed, out_dir, request.targets, self.driver.graph, staging
                    )
                    self.errors.update(failed)
                    self.status = "failed" if self.errors else "success"
                except KeyboardInterrupt:
                    self.status = "interrupted"
            record = self._record(written, cached)
            path = keep_record(record, out_dir, state)
        return written, record, path

    def _record(
        self, written: dict[str, dict[str, Any]], cached: CachedRun | None
    ) -> dict[str, Any]:
        from dagrun.runs import finish_record

        request = self.request
        record = finish_record(
            run_id=self.run_id,
            status=self.status,
            started_at=self.started_at,
            started=self.started,
            run_file=request.run_file,
            out_dir=request.out_dir,
            recorder=self.recorder,
            outputs=written,
            extra={
                **request.record_extra,
                **({"cache": cached.summary()} if cached else {}),
            },
        )
        return self.redactor.record(record) if self.redactor else record


@contextmanager
def _masked(request: Request) -> Iterator[None]:
    """Errors raised inside say ``***`` where a secret's text would be."""
    try:
        yield
    except DagrunError as error:
        if request.secrets:
            Redactor(request.secrets.values()).error(error)
        raise


def _loaded(inputs: Mapping[str, Any]) -> Mapping[str, Any]:
    """``inputs`` with each ``FileInput`` replaced by the value it loads."""
    sourced = file_inputs(inputs)
    if not sourced:
        return inputs
    return {**inputs, **{name: source.load() for name, source in sourced.items()}}


def _shown(name: str, values: Mapping[str, Any], request: Request) -> str:
    """A supplied value as a dry run shows it: secrets hidden, files by their location."""
    if name in request.secrets:
        return "***"
    value = values[name]
    return value.describe() if isinstance(value, FileInput) else repr(value)[:80]


def _filled(request: Request, run_id: str, config: Mapping[str, Any]) -> Request:
    """``request`` with the placeholders of its output paths filled for ``run_id``."""
    from dagrun import templates
    from dagrun.io.storage import as_location

    shown = {
        name: value.describe() if isinstance(value, FileInput) else value
        for name, value in request.inputs.items()
    }

    def fill(location: Location) -> Location:
        text = str(location)
        if "{" not in text and "}" not in text:
            return location
        templates.check(text, f"path '{text}'", config, shown)
        filled = templates.fill(text, run_id, config, shown)
        return filled if isinstance(location, str) else as_location(filled)

    changes: dict[str, Any] = {}
    if request.out_dir is not None:
        changes["out_dir"] = fill(request.out_dir)
    if any(target.path is not None for target in request.targets.values()):
        changes["targets"] = {
            name: replace(target, path=fill(target.path)) if target.path is not None else target
            for name, target in request.targets.items()
        }
    return replace(request, **changes) if changes else request


def _lock_folder(out_dir: Location, state: Path) -> Path:
    """The folder whose lock serialises runs writing ``out_dir``.

    A local folder is locked itself; a URL's lock is a folder in the state dir
    named by the URL, so it holds between runs sharing this state dir.
    """
    if not storage.is_url(out_dir):
        return Path(out_dir)
    import hashlib

    return state / "locks" / hashlib.sha256(str(out_dir).encode()).hexdigest()[:24]


def _state(request: Request) -> Path:
    from dagrun.runs import state_dir

    if request.state_dir is not None:
        request.state_dir.mkdir(mode=0o700, parents=True, exist_ok=True)
        return request.state_dir
    return state_dir(request.run_file)


def _cache(
    driver: Driver,
    request: Request,
    plan: Plan,
    values: list[Any],
    run_id: str | None = None,
    dry_run: bool = False,
) -> CachedRun | None:
    """The cache's decisions and rewritten plan for this run; None with the cache off.

    Reused results are loaded into ``values`` (not on a dry run).
    """
    if not request.cache:
        return None
    from dagrun.caching import Store
    from dagrun.caching import prepare as prepare_cache

    store = Store(_state(request))
    known = {
        name: (source.fingerprint(), source.describe())
        for name, source in file_inputs(request.inputs).items()
    }
    known.update((name, (SECRET_FINGERPRINT, None)) for name in request.secrets)
    try:
        return prepare_cache(
            store, plan, values, force=request.force, run_id=run_id, dry_run=dry_run, known=known
        )
    except (OSError, sqlite3.Error) as error:
        raise ResourceError(
            f"cannot use the cache in {store.root}: {error}",
            hint="free some space or fix the state dir's permissions, or run with --no-cache",
        ) from error


def _request(request: Request | Sequence[str] | str, options: Mapping[str, Any]) -> Request:
    """``request`` itself, or one made of output names and ``run``'s keyword arguments.

    Paths may be given as strings.
    """
    from dagrun.io.storage import as_location
    from dagrun.request import Request

    if isinstance(request, Request):
        return request
    fields = set(Request.__dataclass_fields__) - {"outputs"}
    unknown = sorted(set(options) - fields)
    if unknown:
        raise InputError(
            f"run() got unknown option(s): {', '.join(unknown)}",
            hint=did_you_mean(unknown[0], fields) or f"the options are {', '.join(sorted(fields))}",
        )
    if "targets" in options:
        options = {**options, "targets": _targets(options["targets"])}
    request = Request(tuple(_names(request)), **options)
    paths = {
        name: Path(getattr(request, name)) if name != "out_dir" else as_location(request.out_dir)
        for name in ("out_dir", "run_file", "state_dir")
        if isinstance(getattr(request, name), str)
    }
    return replace(request, **paths) if paths else request


def _targets(given: Mapping[str, Any]) -> dict[str, Any]:
    """Output targets as ``run`` takes them: a path (str or Path), None (report only), or
    an ``OutputTarget``."""
    from dagrun.io.destinations import OutputTarget
    from dagrun.io.storage import as_location

    targets = {}
    for name, target in given.items():
        if target is None:
            target = OutputTarget(write=False)
        elif isinstance(target, (str, Path)):
            target = OutputTarget(as_location(target))
        targets[name] = target
    return targets


def _refuse_invalid(hooks: Sequence[object], graph: Graph) -> None:
    problems = hooks_api.validate(hooks, graph)
    if problems:
        raise GraphError(
            "the flow was refused by a validator:\n  " + "\n  ".join(problems),
            hint="change the flow, or the validator passed in Driver(hooks=...)",
        )


def _string_inputs(graph: Graph) -> set[str]:
    """The external inputs whose consumer declares plain ``str``."""
    names = set()
    for name, external in graph.external.items():
        consumer = graph.nodes[external.consumers[0]]
        if hints.resolve(external.annotation, consumer.namespace) is str:
            names.add(name)
    return names


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
