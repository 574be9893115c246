"""The ``dagrun`` command: a thin typer shell over the Python API.

Each command lives in its own module and registers itself on ``app``; heavy
imports (pandas, networkx, graphviz, pydantic, rich progress) happen inside the
commands that need them, so ``dagrun --help`` stays fast.
"""

from __future__ import annotations

from dagrun.cli.app import app, main

__all__ = ["app", "main"]
