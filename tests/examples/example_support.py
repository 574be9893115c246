"""Helpers for the example flows' tests: import a flow, run the dagrun executable."""

from __future__ import annotations

import importlib.util
import json
import os
import subprocess
import sys
from pathlib import Path
from types import ModuleType

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "data"
DAGRUN = Path(sys.executable).with_name("dagrun")


def load_flow(name: str) -> ModuleType:
    """Import ``flows/<name>.py`` as a plain module, as a user's test would."""
    module_name = f"example_flow_{name}"
    if module_name in sys.modules:
        return sys.modules[module_name]
    spec = importlib.util.spec_from_file_location(module_name, ROOT / "flows" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[module_name] = module  # pickling fitted objects needs the module findable
    spec.loader.exec_module(module)
    return module


def run_dagrun(
    *args: str, state_dir: Path, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess:
    """Run the real ``dagrun`` executable from the repository root, as a user would.

    ``state_dir`` keeps the run history and cache of each test apart. A key in
    the caller's environment is never passed on: only ``env`` can give one.
    """
    inherited = {k: v for k, v in os.environ.items() if not k.startswith("OPENAI_")}
    full_env = {**inherited, "NO_COLOR": "1", "DAGRUN_STATE_DIR": str(state_dir), **(env or {})}
    return subprocess.run(
        [str(DAGRUN), *args], cwd=ROOT, env=full_env, capture_output=True, text=True, timeout=240
    )


def read_run_record(out_dir: Path) -> dict:
    """The ``run.json`` a run wrote into ``out_dir``."""
    return json.loads((out_dir / "run.json").read_text())


def execute(run_file: str, out_dir: Path, *args: str, env: dict[str, str] | None = None) -> Path:
    """``dagrun execute configs/<run_file> -o out_dir -q ARGS``, which must succeed.

    The run history goes inside ``out_dir``, so each test's runs stay apart.
    """
    done = run_dagrun(
        "execute", str(ROOT / "configs" / run_file), "-o", str(out_dir), "-q", *args,
        state_dir=out_dir / ".state", env=env,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    return out_dir
