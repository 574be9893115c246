"""``dagrun execute``: run a flow, write its outputs, record the run.

The command only gathers flags and shows results; ``Driver.run`` does the work.
Exit codes: 0 success, 1 a node failed, 2 the input was wrong, 130 interrupted
(143 when stopped by SIGTERM).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Optional

import typer

from dagrun.cli.app import app
from dagrun.cli.options import (
    InputOpt,
    JsonOpt,
    ModuleOpt,
    QuietOpt,
    RunFileArg,
    SelectOpt,
    SetOpt,
    VerboseOpt,
    load_spec,
)
from dagrun.cli.output import Output, reporting

if TYPE_CHECKING:
    from dagrun.driver import Driver
    from dagrun.request import Request
    from dagrun.runs import RunResult
    from dagrun.runspec import RunSpec


@app.command()
def execute(
    run_file: RunFileArg = None,
    modules: ModuleOpt = None,
    select: SelectOpt = None,
    sets: SetOpt = None,
    inputs: InputOpt = None,
    out_dir: Annotated[
        Optional[str],  # noqa: UP045
        typer.Option(
            "-o",
            "--out-dir",
            help="Where outputs and run.json go: a folder or a URL (s3://bucket/prefix).",
            show_default=False,
        ),
    ] = None,
    executor: Annotated[
        Optional[str],  # noqa: UP045
        typer.Option("--executor", metavar="KIND", help="sequential, threads, processes or dask."),
    ] = None,
    workers: Annotated[
        Optional[int],  # noqa: UP045
        typer.Option("-j", "--workers", metavar="N", help="Workers for a parallel executor."),
    ] = None,
    no_cache: Annotated[
        bool, typer.Option("--no-cache", help="Neither reuse nor store results.")
    ] = False,
    force: Annotated[
        Optional[list[str]],  # noqa: UP045
        typer.Option(
            "--force", metavar="SELECT", help="Recompute these nodes and what depends on them."
        ),
    ] = None,
    fail_fast: Annotated[
        bool, typer.Option("--fail-fast", help="Stop at the first failing node.")
    ] = False,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Print the plan; run nothing.")
    ] = False,
    json_mode: JsonOpt = False,
    quiet: QuietOpt = False,
    verbose: VerboseOpt = False,
) -> None:
    """Compute the selected outputs, write each to a file, and record the run."""
    output = Output(json_mode, quiet, verbose)
    with reporting(output):
        from dagrun.driver import Driver

        spec = load_spec(
            run_file,
            modules,
            select,
            sets,
            inputs,
            out_dir=out_dir,
            executor=executor,
            workers=workers,
            no_cache=no_cache,
            force=tuple(force or ()),
            fail_fast=fail_fast,
        )
        driver = Driver.from_spec(spec)
        try:
            request = driver.request_for(spec)
            if dry_run:
                _show_plan(driver, request, spec, output)
                return
            result = _run(driver, request, output)
        finally:
            driver.close()
    _report(result, output)
    raise typer.Exit(_exit_code(result))


def _exit_code(result: RunResult) -> int:
    """The run's exit code; an interrupted run says which signal stopped it (130 or 143)."""
    if result.status != "interrupted":
        return result.exit_code
    from dagrun.cli.signals import interrupted_exit_code

    return interrupted_exit_code()


def _run(driver: Driver, request: Request, output: Output) -> RunResult:
    from dagrun.cli.progress import progress_for

    if not output.chatty:
        return driver.run(request, on_wait=output.say)
    plan = driver.validate(request.outputs, request.supplied(), request.overrides)
    total = sum(1 for step in plan.steps if step.block is None)
    with progress_for(output.console, total) as progress:
        return driver.run(request, hooks=[progress], on_wait=output.say)


_SECTIONS = {"override": "overrides", "input": "inputs", "config": "config"}


def _show_plan(driver: Driver, request: Request, spec: RunSpec, output: Output) -> None:
    plan = driver.dry_run(request)
    for name, seed in plan["inputs"].items():
        section = "secrets" if name in request.secrets else _SECTIONS[seed["source"]]
        seed["set_by"] = str(spec.source_of(f"{section}.{name}"))
    if output.json_mode:
        output.emit(plan)
        return
    runs = sum(1 for step in plan["steps"] if step["action"] == "run")
    output.say(f"plan: {len(plan['steps'])} node(s) in order, {runs} to run")
    for index, step in enumerate(plan["steps"], 1):
        reason = f"  ({step['reason']})" if step["reason"] else ""
        output.say(f"  {index:>3}. {step['action']:<6} {step['node']}{reason}")
    if plan["inputs"]:
        output.say("supplied values:")
        for name, seed in plan["inputs"].items():
            output.say(f"  {name} = {seed['value']}  [{seed['source']}, {seed['set_by']}]")
    output.say("outputs:")
    for name, path in plan["outputs"].items():
        output.say(f"  {name} -> {path or '(reported, not written)'}")


def _report(result: RunResult, output: Output) -> None:
    if output.json_mode:
        output.emit(dict(result.record))
    if output.chatty and not output.json_mode:
        _summary_table(result, output)
    for error in result.errors.values():
        output.paragraph(error, _shown(str(result.record_path)))
    _final_line(result, output)


def _summary_table(result: RunResult, output: Output) -> None:
    from rich.table import Table

    record = result.record
    table = Table(box=None, pad_edge=False, show_edge=False, header_style="bold")
    for column in ("node", "status", "time", "output"):
        table.add_column(column, justify="right" if column == "time" else "left")
    for name, entry in record["nodes"].items():
        written = record["outputs"].get(name) or {}
        table.add_row(
            name,
            entry["status"],
            f"{entry.get('duration_s', 0.0):.3f}s",
            _shown(written.get("path")) or written.get("repr") or "",
        )
    output.console.print(table)


def _final_line(result: RunResult, output: Output) -> None:
    record = result.record
    counts = record["counts"]
    unwritten = [n for n in result.errors if record["nodes"].get(n, {}).get("status") != "failed"]
    text = (
        f"{record['status']}: {counts['done']} done, {counts['cached']} cached, "
        f"{counts['failed']} failed, {counts['skipped']} skipped"
        + (f", {len(unwritten)} output(s) not written" if unwritten else "")
        + f" in {record['duration_s']:.2f}s - run {record['run_id']}, "
        f"record {_shown(str(result.record_path))}"
    )
    style = {"success": "green", "failed": "bold red", "interrupted": "yellow"}[record["status"]]
    if result.status == "success":
        output.say(text, style=style)
    else:
        output.console.print(text, style=style, markup=False, highlight=False)


def _shown(path: str | None) -> str | None:
    """A path as short as it can be said: relative to the current directory when inside it."""
    from dagrun.loader import display

    return display(Path(path)) if path else None
