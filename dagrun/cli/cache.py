"""``dagrun cache info|clear`` and ``dagrun retry``: look after the cache, resume a run.

``retry`` repeats a recorded run — same folder, run file, flags and selection —
so with the cache on it recomputes only what failed, what never ran and what
changed since.
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Annotated, Any, Optional

import typer

from dagrun.cli.app import app
from dagrun.cli.options import JsonOpt, QuietOpt, RunFileArg, VerboseOpt
from dagrun.cli.output import Output, make_console, reporting

cache_app = typer.Typer(
    name="cache", help="Inspect or empty the result cache in the state dir.", no_args_is_help=True
)
app.add_typer(cache_app)

_UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400, "w": 7 * 86400}
_AGE = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([smhdw])\s*$")


def parse_age(text: str) -> float:
    """Seconds in an age such as ``30d``, ``12h``, ``45m``, ``90s`` or ``2w``.

    Raises:
        typer.BadParameter: the text is not a number followed by one unit.
    """
    match = _AGE.match(text)
    if match is None:
        raise typer.BadParameter(
            f"'{text}' is not an age; write a number and a unit: 30d, 12h, 45m, 90s, 2w",
            param_hint="--older-than",
        )
    return float(match.group(1)) * _UNITS[match.group(2)]


@cache_app.command("info")
def info(run_file: RunFileArg = None, json_mode: JsonOpt = False) -> None:
    """Show the cache's size and entries, by node (the state dir of RUN_FILE, else of cwd)."""
    output = Output(json_mode)
    with reporting(output):
        from dagrun.caching import Store
        from dagrun.runs import state_dir

        store = Store(state_dir(run_file, create=False))
        usage = store.usage() if store.exists() else []  # no cache yet: make no state dir
        document = {
            "state_dir": str(store.state_dir),
            "size_bytes": store.disk_size() if store.exists() else 0,
            "entries": sum(u.entries for u in usage),
            "nodes": [
                {"node": u.node, "entries": u.entries, "bytes": u.size, "last_used": u.used}
                for u in usage
            ],
        }
    if json_mode:
        output.emit(document)
        return
    _print_info(document)


def _print_info(document: dict[str, Any]) -> None:
    import datetime

    from rich.table import Table

    console = make_console(stderr=False)
    console.print(
        f"cache {document['state_dir']}/cache: {document['entries']} entries, "
        f"{_size(document['size_bytes'])} on disk",
        markup=False,
        highlight=False,
    )
    table = Table(box=None, pad_edge=False, header_style="bold")
    for column in ("node", "entries", "size", "last used"):
        table.add_column(column, justify="right" if column in ("entries", "size") else "left")
    for row in document["nodes"]:
        used = datetime.datetime.fromtimestamp(row["last_used"]).strftime("%Y-%m-%d %H:%M")
        table.add_row(row["node"], str(row["entries"]), _size(row["bytes"]), used)
    if document["nodes"]:
        console.print(table)


def _size(count: float) -> str:
    for unit in ("B", "KiB", "MiB", "GiB"):
        if count < 1024 or unit == "GiB":
            return f"{count:.0f} {unit}" if unit == "B" else f"{count:.1f} {unit}"
        count /= 1024
    return f"{count:.1f} GiB"


@cache_app.command("clear")
def clear(
    run_file: RunFileArg = None,
    older_than: Annotated[
        Optional[str],  # noqa: UP045 - typer reads the annotation at run time on 3.10
        typer.Option(
            "--older-than",
            metavar="AGE",
            help="Only entries unused for AGE (30d, 12h, 45m, 90s, 2w).",
        ),
    ] = None,
    json_mode: JsonOpt = False,
) -> None:
    """Delete cached results (all, or those unused for --older-than) and free their blobs."""
    output = Output(json_mode)
    seconds = parse_age(older_than) if older_than is not None else None
    with reporting(output):
        from dagrun.caching import Store
        from dagrun.runs import state_dir

        store = Store(state_dir(run_file, create=False))
        removed, freed = store.clear(seconds) if store.exists() else (0, 0)
    if json_mode:
        output.emit({"removed": removed, "freed_bytes": freed})
        return
    output.say(f"removed {removed} cache entries, freed {_size(freed)}")


@app.command()
def retry(
    run_id: Annotated[
        str, typer.Argument(help="A run id (or a unique prefix), or 'latest'.")
    ] = "latest",
    run_file: RunFileArg = None,
    json_mode: JsonOpt = False,
    quiet: QuietOpt = False,
    verbose: VerboseOpt = False,
) -> None:
    """Run a recorded run's selection again; cached results make it resume where it stopped."""
    from dagrun.cli.execute import execute

    with reporting(Output(json_mode)):
        from dagrun.runs import load_record, state_dir

        record = load_record(state_dir(run_file), run_id)
    request = record.get("request") or {}
    flags = _flags(request.get("flags", []))
    os.chdir(request.get("cwd") or os.getcwd())
    execute(
        run_file=Path(record["run_file"]) if record.get("run_file") else None,
        select=list(record.get("selection") or []),
        json_mode=json_mode,
        quiet=quiet,
        verbose=verbose,
        **flags,
    )


_FLAG_FIELDS = {"-m": "modules", "--set": "sets", "-i": "inputs"}


def _flags(recorded: list[str]) -> dict[str, Any]:
    """``execute`` keyword arguments from recorded flag texts such as ``-i a=1``."""
    found: dict[str, Any] = {"modules": [], "sets": [], "inputs": []}
    for text in recorded:
        flag, _, value = text.partition(" ")
        if flag in _FLAG_FIELDS:
            found[_FLAG_FIELDS[flag]].append(value)
        elif flag == "-o":
            found["out_dir"] = value
        elif flag == "--executor":
            found["executor"] = value
        elif flag == "-j":
            found["workers"] = int(value)
        elif flag == "--no-cache":
            found["no_cache"] = True
    return {key: value for key, value in found.items() if value != []}
