"""The typer application, its command modules, and the entry point that maps errors to exit codes.

Each command group lives in its own module and registers itself on ``app`` when
imported; adding a command is adding its module name to ``COMMANDS``. Command
modules import only typer at the top, so ``dagrun --help`` stays fast.
"""

from __future__ import annotations

import importlib
import json
import sys

import typer

app = typer.Typer(
    name="dagrun",
    help="Run Python dataflows: declarative functions to a validated DAG to results.",
    no_args_is_help=True,
    # Rich help on a terminal; plain help when piped, which also skips the ~0.1 s
    # import of rich's markdown and syntax modules that typer's rich help needs.
    rich_markup_mode="rich" if sys.stdout.isatty() else None,
    pretty_exceptions_show_locals=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)

COMMANDS = ("execute", "inspect", "history", "visualize", "cache")


@app.callback()
def _root() -> None:
    """Run Python dataflows: declarative functions to a validated DAG to results."""


def _register_commands() -> None:
    for name in COMMANDS:
        try:
            importlib.import_module(f"dagrun.cli.{name}")
        except ModuleNotFoundError as error:
            if error.name != f"dagrun.cli.{name}":  # a command's own import failed
                raise


def main() -> None:
    """Console-script entry point: run the app, turn usage errors into exit 2 (JSON with --json)."""
    from typer._click.exceptions import ClickException

    try:
        code = app(standalone_mode=False)
    except ClickException as error:
        if "--json" in sys.argv[1:]:
            document = {
                "status": "error",
                "error": {"type": "UsageError", "message": error.format_message()},
            }
            sys.stdout.write(json.dumps(document) + "\n")
        error.show()
        code = error.exit_code
    sys.exit(code or 0)


_register_commands()
