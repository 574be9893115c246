"""Drive the real ``dagrun`` executable in a subprocess, in a scratch folder."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from cli_support import DAGRUN, ROOT, Ran, base_env


@pytest.fixture
def dagrun(tmp_path: Path):
    """A function running ``dagrun ARGS...`` in ``tmp_path`` and returning a ``Ran``."""

    def run(*args: object, cwd: Path = tmp_path, env: dict[str, str] | None = None) -> Ran:
        proc = subprocess.run(
            [str(DAGRUN), *map(str, args)],
            cwd=cwd,
            env=env or base_env(),
            capture_output=True,
            text=True,
            timeout=120,
        )
        return Ran(proc.returncode, proc.stdout, proc.stderr)

    return run


@pytest.fixture
def hello(tmp_path: Path) -> Path:
    """A copy of the repository's hello run file and flow; returns the run file."""
    (tmp_path / "configs").mkdir()
    (tmp_path / "flows").mkdir()
    shutil.copy(ROOT / "configs" / "hello.yaml", tmp_path / "configs" / "hello.yaml")
    shutil.copy(ROOT / "flows" / "hello.py", tmp_path / "flows" / "hello.py")
    return tmp_path / "configs" / "hello.yaml"
