"""``dagrun runs`` and ``dagrun show``: the run history kept in the state dir."""

from __future__ import annotations

from typing import Annotated, Any

import typer

from dagrun.cli.app import app
from dagrun.cli.options import JsonOpt, RunFileArg
from dagrun.cli.output import Output, make_console, reporting


@app.command()
def runs(
    run_file: RunFileArg = None,
    limit: Annotated[int, typer.Option("--limit", "-n", min=1, help="How many runs to list.")] = 20,
    json_mode: JsonOpt = False,
) -> None:
    """List recent runs, newest first (the state dir of RUN_FILE, else of the current folder)."""
    output = Output(json_mode)
    with reporting(output):
        from dagrun.runs import history, state_dir

        state = state_dir(run_file)
        rows = history(state, limit)
    if json_mode:
        output.emit({"runs": rows})
        return
    if not rows:
        output.say(
            f"no runs recorded yet in {state}; runs of a run file are kept beside it "
            "(dagrun runs RUN_FILE), or wherever DAGRUN_STATE_DIR points"
        )
        return
    _print_runs(rows)


def _print_runs(rows: list[dict[str, Any]]) -> None:
    from rich.table import Table

    table = Table(box=None, pad_edge=False, header_style="bold")
    for column in ("run id", "started", "status", "duration", "done", "failed", "run file"):
        table.add_column(
            column, justify="right" if column in ("duration", "done", "failed") else "left"
        )
    for row in rows:
        table.add_row(
            row["run_id"],
            row["started_at"][:19].replace("T", " "),
            row["status"],
            f"{row['duration_s']:.2f}s",
            str(row["done"]),
            str(row["failed"]),
            row["run_file"] or "-",
        )
    make_console(stderr=False).print(table)


@app.command()
def show(
    run_id: Annotated[
        str, typer.Argument(metavar="RUN_ID", help="A run id (or a unique prefix), or 'latest'.")
    ],
    run_file: RunFileArg = None,
    json_mode: JsonOpt = False,
) -> None:
    """Show one recorded run: status, outputs and per-node timings."""
    output = Output(json_mode)
    with reporting(output):
        from dagrun.runs import load_record, state_dir

        record = load_record(state_dir(run_file), run_id)
    if json_mode:
        output.emit(record)
        return
    _print_record(record)


def _print_record(record: dict[str, Any]) -> None:
    from rich.table import Table

    console = make_console(stderr=False)
    console.print(
        f"run {record['run_id']}  {record['status']}  {record['duration_s']:.3f}s  "
        f"started {record['started_at']}\nrun file {record['run_file'] or '-'}  "
        f"out dir {record.get('out_dir', '-')}",
        markup=False,
        highlight=False,
    )
    nodes = Table(box=None, pad_edge=False, header_style="bold")
    for column in ("node", "status", "time", "output", "error"):
        nodes.add_column(column, justify="right" if column == "time" else "left")
    for name, entry in record["nodes"].items():
        written = record["outputs"].get(name) or {}
        error = entry.get("error") or {}
        nodes.add_row(
            name,
            entry["status"],
            f"{entry.get('duration_s', 0.0):.3f}s",
            written.get("path") or "",
            error.get("message", ""),
        )
    console.print(nodes)
