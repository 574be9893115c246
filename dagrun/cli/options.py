"""Options shared by the commands that load a flow, and their one conversion to a RunSpec.

``visualize``, ``validate``, ``list``, ``execute`` (and later ``retry``) take the
same run-file argument and flow flags; declaring them once keeps their names and
help identical everywhere.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Optional

import typer

if TYPE_CHECKING:
    from dagrun.runspec import RunSpec

RunFileArg = Annotated[
    Optional[Path],  # noqa: UP045 - typer reads the annotation at run time on 3.10
    typer.Argument(
        metavar="RUN_FILE",
        help="The YAML run file. Optional when -m names the flow.",
        show_default=False,
    ),
]
ModuleOpt = Annotated[
    Optional[list[str]],  # noqa: UP045
    typer.Option(
        "-m", "--module", metavar="MODULE", help="A flow module: a file path or a dotted name."
    ),
]
SelectOpt = Annotated[
    Optional[list[str]],  # noqa: UP045
    typer.Option(
        "-s",
        "--select",
        metavar="SELECT",
        help="Outputs to compute: name, name+, +name, tag:K[=V], module:M, globs; "
        "spaces union, commas intersect.",
    ),
]
SetOpt = Annotated[
    Optional[list[str]],  # noqa: UP045
    typer.Option("--set", metavar="K=V", help="Set a config value (a YAML scalar)."),
]
InputOpt = Annotated[
    Optional[list[str]],  # noqa: UP045
    typer.Option("-i", "--input", metavar="K=V", help="Set an input (a YAML scalar)."),
]
JsonOpt = Annotated[bool, typer.Option("--json", help="Print exactly one JSON document on stdout.")]
QuietOpt = Annotated[bool, typer.Option("-q", "--quiet", help="Print nothing but errors.")]
VerboseOpt = Annotated[
    bool, typer.Option("-v", "--verbose", help="Show tracebacks of failing nodes.")
]


def load_spec(
    run_file: Path | None,
    modules: list[str] | None = None,
    select: list[str] | None = None,
    sets: list[str] | None = None,
    inputs: list[str] | None = None,
    **more: object,
) -> RunSpec:
    """The ``RunSpec`` for a command's run file and flags (``more``: other ``Flags`` fields)."""
    from dagrun.runspec import Flags, load

    flags = Flags(
        modules=tuple(modules or ()),
        select=tuple(select or ()),
        sets=tuple(sets or ()),
        inputs=tuple(inputs or ()),
        **more,  # type: ignore[arg-type]
    )
    return load(run_file, flags)
