"""The ``dagrun`` program itself: help, unknown commands, and what it imports to start."""

from __future__ import annotations

import subprocess
import sys

HEAVY = ("pandas", "numpy", "networkx", "pydantic", "graphviz", "dask", "rich.progress")


def test_help_lists_every_command(dagrun):
    """dagrun --help exits 0 and names the commands."""
    ran = dagrun("--help")
    assert ran.code == 0
    for command in ("execute", "validate", "list", "runs", "show"):
        assert command in ran.out


def test_unknown_command_is_exit_2(dagrun):
    """A misspelt command is a usage error."""
    ran = dagrun("exectue")
    assert ran.code == 2
    assert "No such command" in ran.err


def test_help_imports_nothing_heavy():
    """Rendering the top-level help loads no pandas, numpy, networkx, pydantic or rich progress."""
    code = (
        "import sys\n"
        "sys.argv = ['dagrun', '--help']\n"
        "from dagrun.cli import main\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        f"print([m for m in {HEAVY!r} if m in sys.modules])\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.stdout.strip().splitlines()[-1] == "[]"
