"""The only place dagrun talks to the terminal: one stderr Console and one --json writer.

Human output (progress, summaries, errors) goes to stderr through a rich
``Console`` that colours only on a terminal and never with ``NO_COLOR``;
``--json`` puts exactly one document on stdout. ``reporting`` turns a
``DagrunError`` into one short paragraph (or the JSON error document) and the
error's exit code; Ctrl-C into exit 130 (SIGTERM 143).
"""

from __future__ import annotations

import json
import os
import sys
import traceback
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

import typer

from dagrun.errors import DagrunError

if TYPE_CHECKING:
    from rich.console import Console

_DAGRUN_DIR = str(Path(__file__).resolve().parents[1])


class Output:
    """How this invocation reports: JSON or human, quiet or verbose.

    Args:
        json_mode: stdout holds one JSON document; human output stays on stderr.
        quiet: print nothing on stderr but errors.
        verbose: add each failure's traceback (without dagrun's own frames).
    """

    def __init__(self, json_mode: bool = False, quiet: bool = False, verbose: bool = False) -> None:
        self.json_mode = json_mode
        self.quiet = quiet
        self.verbose = verbose
        self._console: Console | None = None
        self._stdout_fd: int | None = None  # the real stdout while stdout_reserved lends it

    @property
    def console(self) -> Console:
        """The stderr console, made on first use (rich is imported only then)."""
        if self._console is None:
            self._console = make_console(stderr=True)
        return self._console

    @property
    def chatty(self) -> bool:
        """Whether progress and summaries go to stderr."""
        return not self.quiet

    def emit(self, document: Any) -> None:
        """Write the one JSON document of this invocation to stdout."""
        text = json.dumps(document, indent=2, default=str) + "\n"
        if self._stdout_fd is None:
            sys.stdout.write(text)
            sys.stdout.flush()
        else:  # stdout is lent to stderr for now: write to the real one
            os.write(self._stdout_fd, text.encode())

    @contextmanager
    def stdout_reserved(self) -> Iterator[None]:
        """With --json, send anything else written to stdout (a flow's prints) to stderr.

        Works on file descriptor 1, so C extensions and worker processes started
        meanwhile are redirected too; ``emit`` still reaches the real stdout.
        """
        if not self.json_mode or self._stdout_fd is not None:
            yield
            return
        sys.stdout.flush()
        self._stdout_fd = os.dup(1)
        os.dup2(2, 1)
        try:
            yield
        finally:
            sys.stdout.flush()
            os.dup2(self._stdout_fd, 1)
            os.close(self._stdout_fd)
            self._stdout_fd = None

    def say(self, text: str, style: str | None = None) -> None:
        """One human line on stderr (unless quiet)."""
        if self.chatty:
            self.console.print(text, style=style, markup=False, highlight=False)

    def error(self, error: DagrunError, record_path: str | None = None) -> None:
        """Report ``error`` once: a paragraph on stderr, and the JSON error document if asked."""
        if self.json_mode:
            self.emit(
                {"status": "error", "error": {**error.to_dict(), "exit_code": error.exit_code}}
            )
        self.paragraph(error, record_path)

    def paragraph(self, error: DagrunError, record_path: str | None = None) -> None:
        """The short paragraph for one error: what, where, what to do, the record."""
        from rich.text import Text

        text = Text()
        text.append("error: ", style="bold red")
        text.append(error.message)
        cause = error.__cause__
        where = failing_line(error)
        if where is not None and where not in error.message:
            text.append(f"\n  at {where}")
        if cause is not None and type(cause).__name__ not in error.message:
            text.append(f"\n  {type(cause).__name__}: {cause}")
        if error.hint:
            text.append(f"\n  hint: {error.hint}", style="yellow")
        if record_path is not None:
            text.append(f"\n  run record: {record_path}")
        self.console.print(text, highlight=False)
        if self.verbose and cause is not None:
            self.console.print(user_traceback(cause), markup=False, highlight=False, end="")


def make_console(stderr: bool) -> Console:
    """A rich Console: colour on a terminal only, never with NO_COLOR, wide when piped."""
    from rich.console import Console

    stream = sys.stderr if stderr else sys.stdout
    terminal = stream.isatty()
    return Console(
        stderr=stderr,
        color_system=None if "NO_COLOR" in os.environ else "auto",
        highlight=False,
        width=None if terminal else 160,
        soft_wrap=not terminal,
    )


def failing_line(error: DagrunError) -> str | None:
    """``file:line`` of the error: the line that raised inside the node's file, else its origin."""
    from dagrun.runs import raised_at

    where = raised_at(error)
    if where is not None:
        return f"{where} (in {error.node})" if error.node else where
    return None if error.origin is None else str(error.origin)


def user_traceback(error: BaseException) -> str:
    """The traceback of ``error`` without dagrun's frames: the user's code only."""
    frames = [
        frame
        for frame in traceback.extract_tb(error.__traceback__)
        if not frame.filename.startswith(_DAGRUN_DIR)
    ]
    lines = ["Traceback (most recent call last):\n", *traceback.format_list(frames)]
    lines.extend(traceback.format_exception_only(type(error), error))
    return "".join(lines)


@contextmanager
def reporting(output: Output) -> Iterator[None]:
    """Turn dagrun errors into a report and their exit code, Ctrl-C into exit 130.

    With --json, stdout is reserved for the one document meanwhile.
    """
    try:
        with output.stdout_reserved():
            yield
    except DagrunError as error:
        output.error(error)
        raise typer.Exit(error.exit_code) from None
    except KeyboardInterrupt:
        from dagrun.cli.signals import interrupted_exit_code

        if output.json_mode:
            output.emit({"status": "interrupted"})
        output.say("interrupted", style="yellow")
        raise typer.Exit(interrupted_exit_code()) from None
