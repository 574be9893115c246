"""``dagrun validate`` and ``dagrun list``: look at a flow without running it."""

from __future__ import annotations

from typing import Any

from dagrun.cli.app import app
from dagrun.cli.options import (
    InputOpt,
    JsonOpt,
    ModuleOpt,
    RunFileArg,
    SelectOpt,
    SetOpt,
    load_spec,
)
from dagrun.cli.output import Output, make_console, reporting


@app.command()
def validate(
    run_file: RunFileArg = None,
    modules: ModuleOpt = None,
    select: SelectOpt = None,
    sets: SetOpt = None,
    inputs: InputOpt = None,
    json_mode: JsonOpt = False,
) -> None:
    """Check the run file, the flow, the selection and the inputs; run nothing."""
    output = Output(json_mode)
    with reporting(output):
        from dagrun.driver import Driver

        spec = load_spec(run_file, modules, select, sets, inputs)
        driver = Driver.from_spec(spec)
        request = driver.request_for(spec)
        plan = driver.validate(request.outputs, request.inputs, request.overrides)
    summary = {
        "status": "ok",
        "outputs": list(request.outputs),
        "nodes": plan.names,
        "inputs": [seed.name for seed in plan.seeds],
    }
    if json_mode:
        output.emit(summary)
        return
    output.say(
        f"ok: {len(summary['nodes'])} node(s) to compute {', '.join(summary['outputs'])}"
        + (f" from {', '.join(summary['inputs'])}" if summary["inputs"] else ""),
        style="green",
    )


@app.command(name="list")
def list_nodes(
    run_file: RunFileArg = None,
    modules: ModuleOpt = None,
    sets: SetOpt = None,
    json_mode: JsonOpt = False,
) -> None:
    """List the flow's nodes and inputs: type, tags, where each is defined, its doc."""
    output = Output(json_mode)
    with reporting(output):
        from dagrun.driver import Driver

        driver = Driver.from_spec(load_spec(run_file, modules, sets=sets))
    rows = [_info_row(info) for info in driver.list_available_variables()]
    if json_mode:
        output.emit({"nodes": rows})
        return
    _print_nodes(rows)


def _info_row(info: Any) -> dict[str, Any]:
    from dagrun import hints

    return {
        "name": info.name,
        "type": hints.describe(info.type),
        "role": info.role,
        "is_external_input": info.is_external_input,
        "tags": dict(info.tags),
        "module": info.module,
        "file": info.file,
        "line": info.line,
        "origin": f"{info.file}:{info.line}",
        "doc": info.doc.splitlines()[0] if info.doc else "",
    }


def _print_nodes(rows: list[dict[str, Any]]) -> None:
    from pathlib import Path

    from rich.table import Table

    from dagrun.loader import display

    table = Table(box=None, pad_edge=False, header_style="bold")
    for column in ("name", "type", "role", "tags", "defined at", "doc"):
        table.add_column(column)
    for row in rows:
        tags = ", ".join(f"{k}={v}" for k, v in row["tags"].items())
        where = f"{display(Path(row['file']))}:{row['line']}"
        table.add_row(row["name"], row["type"], row["role"], tags, where, row["doc"])
    make_console(stderr=False).print(table)
