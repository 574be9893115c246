"""Helpers for the end-to-end tests: paths, a finished run, scratch files."""

from __future__ import annotations

import json
import os
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
FLOWS = ROOT / "tests" / "flows"
DAGRUN = Path(sys.executable).parent / "dagrun"


@dataclass
class Ran:
    """One finished ``dagrun`` invocation."""

    code: int
    out: str
    err: str

    def json(self) -> Any:
        return json.loads(self.out)


def base_env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("DAGRUN_STATE_DIR", "FORCE_COLOR")}
    env["NO_COLOR"] = "1"
    env.update(extra)
    return env


def write(path: Path, text: str) -> Path:
    """Write a scratch file (a run file or a flow) and return its path."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    return path
