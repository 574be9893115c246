"""One run, composed: spec -> modules -> driver -> selection -> plan -> executor -> files -> record.

This is the library behind ``dagrun execute``, ``validate`` and ``--dry-run``;
the CLI only shows what it returns. ``prepare`` does everything that can fail
before a node runs (exit 2); ``execute`` runs the plan with observers, keeps
going past failures unless the spec says fail fast, writes each output
atomically and stores the run record. Ctrl-C ends the run as ``interrupted``
with its record saved.
"""

from __future__ import annotations

import logging
import sqlite3
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from dagrun import hints
from dagrun.driver import Driver
from dagrun.errors import DagrunError, InputError, NodeError, ResourceError, did_you_mean
from dagrun.executors.events import CACHED, DONE, Observer, Outcome
from dagrun.graph import Graph
from dagrun.io import default_path, resolve_format, write_output
from dagrun.io.atomic import sweep
from dagrun.io.lock import check_writable, folder_lock
from dagrun.loader import load_modules
from dagrun.plan import Plan
from dagrun.runs import (
    RunRecorder,
    finish_record,
    new_run_id,
    retract_record,
    save_record,
    staging_dir,
    state_dir,
    utc_now,
)
from dagrun.runspec import OutputTarget, RunSpec, with_flag_text
from dagrun.select import select, sinks

log = logging.getLogger("dagrun")

if TYPE_CHECKING:
    from dagrun.caching import CachedRun

EXIT_CODES = {"success": 0, "failed": 1, "interrupted": 130}


@dataclass(frozen=True, slots=True)
class Prepared:
    """A run that passed every check: the driver, the chosen outputs and their plan."""

    spec: RunSpec
    driver: Driver
    outputs: tuple[str, ...]
    plan: Plan
    forced: tuple[str, ...] = ()  # --force selections, resolved to node names

    @property
    def graph(self) -> Graph:
        return self.driver.graph


@dataclass(frozen=True, slots=True)
class RunResult:
    """What a finished (or interrupted) run left: its record and the errors behind it."""

    record: Mapping[str, Any]
    record_path: Path
    errors: Mapping[str, DagrunError]

    @property
    def status(self) -> str:
        return str(self.record["status"])

    @property
    def exit_code(self) -> int:
        return EXIT_CODES[self.status]


def build_driver(spec: RunSpec) -> Driver:
    """Import the spec's modules and build the validated graph.

    Raises:
        InputError: a module cannot be imported.
        GraphError: the functions do not form a valid dataflow.
    """
    modules = load_modules(spec.modules)
    options: dict[str, Any] = {"executor": spec.executor.kind, "runtime": spec.runtime}
    if spec.executor.workers is not None:
        options["max_workers"] = spec.executor.workers
    if spec.executor.address is not None:
        options["address"] = spec.executor.address
    return Driver(dict(spec.config), *modules, **options)


def choose_outputs(spec: RunSpec, graph: Graph) -> tuple[str, ...]:
    """``-s`` expressions if given, else the run file's outputs, else every sink node."""
    if spec.select:
        return select(graph, spec.select)
    if spec.outputs:
        for name in spec.outputs:
            _require_output(spec, graph, name)
        return tuple(spec.outputs)
    return sinks(graph)


def _warn_unknown_names(spec: RunSpec, graph: Graph) -> None:
    """Warn of inputs and overrides the flow has no use for at all: most likely typos.

    Not an error: one run file may feed several flows, and an input needed only
    by nodes outside the selection is fine (those are known names, not warned of).
    """
    known = set(graph.nodes) | set(graph.external)
    for section in ("inputs", "overrides"):
        for name in getattr(spec, section):
            if name not in known:
                log.warning(
                    "%s: %s '%s' is neither a node nor an input of the flow; ignored (%s)",
                    spec.source_of(f"{section}.{name}"),
                    section[:-1],
                    name,
                    did_you_mean(name, known) or "see `dagrun list` for the names",
                )


def _require_output(spec: RunSpec, graph: Graph, name: str) -> None:
    if name in graph.nodes:
        return
    raise InputError(
        f"{spec.source_of(f'outputs.{name}')}: output '{name}' is not a node of the flow",
        node=name,
        hint=did_you_mean(name, graph.nodes) or "see `dagrun list` for the node names",
    )


def prepare(spec: RunSpec) -> Prepared:
    """Everything short of running: modules, graph, selection, plan and input checks.

    Raises:
        InputError, GraphError: what ``execute`` would otherwise fail on (exit 2);
            an input's error names the run-file line or flag that set it.
    """
    driver = build_driver(spec)
    spec = with_flag_text(spec, _string_inputs(driver.graph))
    _warn_unknown_names(spec, driver.graph)
    outputs = choose_outputs(spec, driver.graph)
    try:
        plan = driver.validate(outputs, spec.inputs, spec.overrides)
    except InputError as error:
        raise _with_source(error, spec) from None
    forced = select(driver.graph, spec.force) if spec.force and spec.cache else ()
    _check_contained(spec, driver.graph, outputs)
    return Prepared(spec, driver, outputs, plan, forced)


def _string_inputs(graph: Graph) -> set[str]:
    """The external inputs whose consumer declares plain ``str``."""
    names = set()
    for name, external in graph.external.items():
        consumer = graph.nodes[external.consumers[0]]
        if hints.resolve(external.annotation, consumer.namespace) is str:
            names.add(name)
    return names


def _check_contained(spec: RunSpec, graph: Graph, outputs: Sequence[str]) -> None:
    """Refuse outputs whose default file would land outside OUT_DIR (a name like ``../x``).

    A path the run file names explicitly may go anywhere: the user wrote it.
    """
    for name in outputs:
        target = (spec.outputs or {}).get(name, OutputTarget())
        if target.path is not None or not target.write:
            continue
        if name != Path(name).name or name in ("", ".", "..") or "\\" in name or "\0" in name:
            node = graph.nodes.get(name)
            raise InputError(
                f"output '{name}' would be written outside the output folder {spec.out_dir}",
                node=name,
                origin=node.origin if node else None,
                hint=f"give it an explicit path in the run file (outputs: {{'{name}': FILE}}) "
                "or rename the node",
            )


def _with_source(error: InputError, spec: RunSpec) -> InputError:
    for section in ("inputs", "overrides", "config"):
        key = f"{section}.{error.node}"
        source = spec.source_of(key)
        if key in spec.sources:
            error.hint = f"{error.hint}; the value was set by {source}"
            if source.kind == "flag" and "pass a str" in (error.hint or ""):
                flag, _, text = source.where.partition(" ")
                name, _, raw = text.partition("=")
                quoted = f"{flag} {name}=\"'{raw}'\""
                error.hint += f" (flag values are YAML; quote it for a string: {quoted})"
            break
    return error


def destination(prepared: Prepared, name: str, value: Any = None) -> tuple[Path, str] | None:
    """Where output ``name`` is written and in which format; None when it is only reported."""
    spec = prepared.spec
    target = (spec.outputs or {}).get(name, OutputTarget())
    if not target.write:
        return None
    fmt = resolve_format(target.path, target.format, value)
    path = spec.out_dir / target.path if target.path else default_path(spec.out_dir, name, fmt)
    return path, fmt


def describe_plan(prepared: Prepared) -> dict[str, Any]:
    """The dry run: nodes in order, the supplied values used, where each output will go."""
    spec = prepared.spec
    inputs = {
        seed.name: {
            "source": seed.source,
            "set_by": str(spec.source_of(f"{_SECTIONS[seed.source]}.{seed.name}")),
            "value": repr(_seed_value(spec, prepared.driver, seed.source, seed.name))[:80],
        }
        for seed in prepared.plan.seeds
    }
    outputs: dict[str, Any] = {}
    for name in prepared.outputs:
        target = destination(prepared, name) if _format_known(prepared, name) else None
        outputs[name] = str(target[0]) if target else _unknown_destination(prepared, name)
    cached = cache_run(prepared, _seeded(prepared), dry_run=True)
    decisions = cached.decisions if cached else {}
    steps = [
        {"node": name, "action": "run", "reason": "cache off"}
        | ({"action": decisions[name].action, "reason": decisions[name].reason} if cached else {})
        for name in prepared.plan.names
    ]
    return {
        "status": "dry-run",
        "steps": steps,
        "inputs": inputs,
        "outputs": outputs,
        "out_dir": str(spec.out_dir),
    }


_SECTIONS = {"override": "overrides", "input": "inputs", "config": "config"}


def _seed_value(spec: RunSpec, driver: Driver, source: str, name: str) -> Any:
    return {"override": spec.overrides, "input": spec.inputs, "config": driver.config}[source][name]


def _format_known(prepared: Prepared, name: str) -> bool:
    target = (prepared.spec.outputs or {}).get(name, OutputTarget())
    return not target.write or bool(target.format or target.path)


def _unknown_destination(prepared: Prepared, name: str) -> str:
    return str(prepared.spec.out_dir / f"{name}.<ext by value type>")


def execute(
    prepared: Prepared,
    observers: Sequence[Observer] = (),
    on_wait: Callable[[str], None] | None = None,
) -> RunResult:
    """Run the plan, write the outputs, store the record; never raises for a node's failure.

    The recorder is the first observer, so the record is complete even when a
    later observer (a progress display) is slow. Ctrl-C stops the run, which is
    then recorded as ``interrupted``. Outputs and ``run.json`` are written under
    the output folder's lock (``on_wait`` hears when another run holds it), with
    temporary files staged in the state dir, so a killed run leaves none in
    the output folder.

    Raises:
        ResourceError: the output folder or the record cannot be written.
    """
    spec = prepared.spec
    check_writable(spec.out_dir)
    state = state_dir(spec.run_file)
    run_id, started_at, started = new_run_id(), utc_now(), time.perf_counter()
    recorder = RunRecorder(prepared.plan.names)
    outputs: dict[str, dict[str, Any]] = {}
    errors: dict[str, DagrunError] = {}
    values = _seeded(prepared)
    cached = None
    outcome: Outcome | None = None
    status = "interrupted"
    try:
        cached = cache_run(prepared, values, run_id)
        outcome = _run(prepared, values, [recorder, *observers], cached)
        errors.update(outcome.errors)
    except KeyboardInterrupt:
        pass
    with folder_lock(spec.out_dir, on_wait=on_wait):
        staging = staging_dir(state)
        sweep(staging)
        sweep(spec.out_dir)
        if outcome is not None:
            retract_record(spec.out_dir)
            try:
                outputs, write_errors = write_outputs(prepared, outcome, recorder, staging)
                errors.update(write_errors)
                status = "failed" if errors else "success"
            except KeyboardInterrupt:
                pass
        record = _record(prepared, run_id, status, started_at, started, recorder, outputs, cached)
        path = _save(record, spec.out_dir, state)
    return RunResult(record, path, errors)


def _record(
    prepared: Prepared,
    run_id: str,
    status: str,
    started_at: str,
    started: float,
    recorder: RunRecorder,
    outputs: dict[str, dict[str, Any]],
    cached: CachedRun | None,
) -> dict[str, Any]:
    spec = prepared.spec
    return finish_record(
        run_id=run_id,
        status=status,
        started_at=started_at,
        started=started,
        run_file=spec.run_file,
        out_dir=spec.out_dir,
        recorder=recorder,
        outputs=outputs,
        extra={
            "selection": list(prepared.outputs),
            "executor": spec.executor.kind,
            "request": _request(spec),
            **({"cache": cached.summary()} if cached else {}),
        },
    )


def _save(record: dict[str, Any], out_dir: Path, state: Path) -> Path:
    """Store the record; a disk that refuses is a ``ResourceError``, not a traceback."""
    try:
        return save_record(record, out_dir, state)
    except (OSError, sqlite3.Error) as error:
        raise ResourceError(
            f"cannot save the run record of run {record['run_id']} "
            f"(status {record['status']}): {getattr(error, 'strerror', None) or error}"
            + (f": {error.filename}" if getattr(error, "filename", None) else ""),
            hint="free some space or make the output folder and the state dir writable",
        ) from error


def _seeded(prepared: Prepared) -> list[Any]:
    spec = prepared.spec
    return prepared.driver.seed_values(prepared.plan, spec.inputs, spec.overrides)


def cache_run(
    prepared: Prepared, values: list[Any], run_id: str | None = None, dry_run: bool = False
) -> CachedRun | None:
    """The cache's decisions and rewritten plan for this run; None with the cache off.

    Reused results are loaded into ``values`` (not on a dry run).
    """
    if not prepared.spec.cache:
        return None
    from dagrun.caching import Store
    from dagrun.caching import prepare as prepare_cache

    store = Store(state_dir(prepared.spec.run_file))
    try:
        return prepare_cache(
            store, prepared.plan, values, force=prepared.forced, run_id=run_id, dry_run=dry_run
        )
    except (OSError, sqlite3.Error) as error:
        raise ResourceError(
            f"cannot use the cache in {store.root}: {error}",
            hint="free some space or fix the state dir's permissions, or run with --no-cache",
        ) from error


def _run(
    prepared: Prepared,
    values: list[Any],
    observers: Sequence[Observer],
    cached: CachedRun | None,
) -> Outcome:
    """Hand the (cache-rewritten) plan to the driver's executor, then release its workers.

    Fail-fast errors become an outcome, so the run is recorded like any other failure.
    """
    spec, plan = prepared.spec, prepared.plan
    if cached is not None:
        plan, observers = cached.plan, cached.start(observers)
    try:
        return prepared.driver.runner.run(plan, values, observers, keep_going=spec.keep_going)
    except DagrunError as error:
        if spec.keep_going or error.exit_code != 1:
            raise
        return Outcome(values, errors={error.node or "?": error})
    finally:
        if cached is not None:
            cached.finish()
        prepared.driver.close()


def _request(spec: RunSpec) -> dict[str, Any]:
    """What ``dagrun retry`` needs to repeat this run: the folder and the flags given."""
    flags = [m.source.where for m in spec.modules if m.source.kind == "flag"]
    flags += [s.where for s in spec.sources.values() if s.kind == "flag"]
    return {"cwd": str(Path.cwd()), "flags": flags}


def write_outputs(
    prepared: Prepared, outcome: Outcome, recorder: RunRecorder, staging: Path | None = None
) -> tuple[dict[str, dict[str, Any]], dict[str, DagrunError]]:
    """Write every output whose node finished; a write that fails fails the run, not the rest."""
    written: dict[str, dict[str, Any]] = {}
    errors: dict[str, DagrunError] = {}
    if not outcome.ok and not prepared.spec.keep_going:
        return written, errors
    for name, slot in prepared.plan.outputs:
        status = recorder.nodes.get(name, {"status": DONE})["status"]
        if status not in (DONE, CACHED):
            continue
        value = outcome.values[slot]
        target = destination(prepared, name, value)
        if target is None:
            written[name] = {
                "path": None,
                "format": None,
                "bytes": None,
                "sha256": None,
                "repr": repr(value)[:200],
            }
            continue
        try:
            written[name] = write_output(name, value, *target, staging=staging).to_dict()
        except (TypeError, ValueError, OSError) as raw:
            errors[name] = _write_error(prepared, name, target, raw)
    return written, errors


_FORMAT_HINT = "give the output another format in the run file (outputs: {name: {format: ...}})"
_WRITE_HINT = "free some space or make the folder writable, or choose another one with -o"


def _write_error(
    prepared: Prepared, name: str, target: tuple[Path, str], raw: Exception
) -> NodeError:
    node = prepared.graph.nodes.get(name)
    error = NodeError(
        f"cannot write output '{name}' to {target[0]} as {target[1]}: {type(raw).__name__}: {raw}",
        node=name,
        origin=node.origin if node else None,
        hint=_WRITE_HINT if isinstance(raw, OSError) else _FORMAT_HINT,
    )
    error.__cause__ = raw
    return error
