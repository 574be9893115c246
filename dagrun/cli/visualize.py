"""``dagrun visualize``: draw the flow, what a request will run, or what a run did.

The command gathers flags, loads the flow the way ``execute`` does and hands the
graph to ``dagrun.render``; the picture's content is decided there.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Optional

import typer

from dagrun.cli.app import app
from dagrun.cli.options import InputOpt, ModuleOpt, RunFileArg, SelectOpt, SetOpt, load_spec
from dagrun.cli.output import Output, reporting
from dagrun.errors import InputError
from dagrun.io.storage import Location, is_url

if TYPE_CHECKING:
    from dagrun.render import NodeRun

_FORMATS = "png | svg | pdf | dot | mermaid"


@app.command()
def visualize(
    run_file: RunFileArg = None,
    modules: ModuleOpt = None,
    select: SelectOpt = None,
    sets: SetOpt = None,
    inputs: InputOpt = None,
    output: Annotated[
        Optional[Path],  # noqa: UP045 - typer reads the annotation at run time on 3.10
        typer.Option(
            "-o",
            "--output",
            metavar="FILE",
            help="The picture file; its extension picks the format. '-' writes to stdout "
            "(dot unless --format says otherwise). Default: OUT_DIR/dag.png.",
            show_default=False,
        ),
    ] = None,
    fmt: Annotated[
        Optional[str],  # noqa: UP045
        typer.Option("--format", metavar="FORMAT", help=f"{_FORMATS}; overrides the extension."),
    ] = None,
    orient: Annotated[
        str, typer.Option("--orient", metavar="LR|TB", help="Left to right, or top to bottom.")
    ] = "LR",
    run: Annotated[
        Optional[str],  # noqa: UP045
        typer.Option(
            "--run",
            metavar="RUN_ID|latest",
            help="Colour each node by what happened in that recorded run.",
        ),
    ] = None,
    only_selected: Annotated[
        bool, typer.Option("--only-selected", help="Leave out what the selection does not run.")
    ] = False,
    max_nodes: Annotated[
        Optional[int],  # noqa: UP045
        typer.Option(
            "--max-nodes",
            metavar="N",
            help="Collapse namespaces, then keep the nodes nearest the outputs, "
            "to draw at most N nodes.",
        ),
    ] = None,
) -> None:
    """Draw the flow as png, svg, pdf, dot or mermaid; with -s, highlight what will run."""
    report = Output()
    with reporting(report):
        from dagrun.driver import Driver
        from dagrun.render import View, format_for, render, render_bytes
        from dagrun.select import choose_outputs

        spec = load_spec(run_file, modules, select, sets, inputs)
        driver = Driver.from_spec(spec)
        view = View(
            outputs=choose_outputs(spec, driver.graph),
            inputs=spec.inputs,
            overrides=spec.overrides,
            only_selected=only_selected,
            run=_run_overlay(run, spec.run_file),
            orient=orient.upper(),
            max_nodes=max_nodes,
        )
        if output == Path("-"):
            sys.stdout.buffer.write(render_bytes(driver.graph, format_for("-", fmt or "dot"), view))
            return
        path = output or _default_picture(spec.out_dir, fmt)
        written = render(driver.graph, path, fmt, view)
    report.say(f"wrote {written}", style="green")


def _default_picture(out_dir: Location, fmt: str | None) -> Path:
    """``OUT_DIR/dag.<ext>``; an out dir in object storage needs ``-o FILE`` instead."""
    if is_url(out_dir):
        raise InputError(
            f"the run file's out_dir is {out_dir}; pictures are written to local files",
            hint="name the picture with -o FILE (or -o - for standard output)",
        )
    return Path(out_dir) / f"dag.{_extension(fmt or 'png')}"


def _run_overlay(run_id: str | None, run_file: Path | None) -> dict[str, NodeRun] | None:
    """Each node's status in the recorded run ``run_id``, or None without ``--run``."""
    if run_id is None:
        return None
    from dagrun.render import runs_from_record
    from dagrun.runs import load_record, state_dir

    return runs_from_record(load_record(state_dir(run_file), run_id).get("nodes", {}))


def _extension(fmt: str) -> str:
    return "mmd" if fmt == "mermaid" else fmt
