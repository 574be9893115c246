"""The errors dagrun raises, one tree, each carrying its exit code and its pieces.

    DagrunError                 exit 2 unless a subclass says otherwise
    ├── GraphError              the flow cannot be built: cycle, duplicate node,
    │   │                       type mismatch, missing annotation
    │   └── DecoratorError      a decorator used wrongly (Hamilton's InvalidDecoratorException)
    ├── InputError              the request is wrong: missing or ill-typed input,
    │                           unknown output, bad run file, bad selection
    ├── NodeError               exit 1: a node raised; the original is chained
    ├── DataValidationError     exit 1: a fail-level ``check_output`` failed
    └── ResourceError           exit 1: the machine refused: a full disk, a
                                read-only folder, an output folder kept locked

Every error says in one sentence what is wrong (``message``), where (``node`` and
``origin``, the function's ``file:line``) and what to do about it (``hint``). The
CLI is the only place that shows them.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from typing import Any


class DagrunError(Exception):
    """Base of every error dagrun raises on purpose."""

    exit_code = 2

    def __init__(
        self,
        message: str,
        *,
        node: str | None = None,
        origin: Any = None,
        hint: str | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.node = node
        self.origin = origin
        self.hint = hint

    def __str__(self) -> str:
        text = self.message
        if self.origin is not None and str(self.origin) not in text:
            text = f"{text} ({self.origin})"
        if self.hint:
            text = f"{text}; {self.hint}"
        return text

    def __reduce__(self) -> tuple[Any, ...]:
        # Keyword-only fields do not survive the default Exception pickling, and
        # errors must travel back from process and Dask workers.
        return (_rebuild, (type(self), self.message, self.__dict__.copy()))

    def to_dict(self) -> dict[str, Any]:
        """The error as plain data, for ``--json`` and run records."""
        return {
            "type": type(self).__name__,
            "message": self.message,
            "node": self.node,
            "origin": None if self.origin is None else str(self.origin),
            "hint": self.hint,
        }


def _rebuild(cls: type[DagrunError], message: str, state: dict[str, Any]) -> DagrunError:
    error = cls.__new__(cls)
    Exception.__init__(error, message)
    error.__dict__.update(state)
    return error


class GraphError(DagrunError):
    """The functions cannot form a valid dataflow; raised while building."""


class DecoratorError(GraphError):
    """A decorator does not fit the function it is on, or its arguments are wrong."""


class InputError(DagrunError):
    """What was asked for cannot be run as asked: inputs, outputs, run file, selection."""


class NodeError(DagrunError):
    """A node's function raised; the original exception is its ``__cause__``."""

    exit_code = 1


class DataValidationError(DagrunError):
    """A ``check_output(importance="fail")`` validator rejected a node's value."""

    exit_code = 1


class ResourceError(DagrunError):
    """The run could not use the disk: no space, no permission, a folder locked by another run."""

    exit_code = 1


def did_you_mean(word: str, choices: Iterable[str]) -> str | None:
    """A "did you mean 'x'?" hint for a misspelt name, or None when nothing is close."""
    close = difflib.get_close_matches(word, list(choices), n=1)
    return f"did you mean '{close[0]}'?" if close else None
