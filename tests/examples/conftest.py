"""Fixtures for the example flows: their modules, the sample data, a local OpenAI server."""

from __future__ import annotations

import importlib.util
import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import pytest
from openai_server import OpenAIServer

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


def run_dagrun(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    """Run the real ``dagrun`` executable from the repository root, as a user would."""
    full_env = {**os.environ, "NO_COLOR": "1", **(env or {})}
    return subprocess.run(
        [str(DAGRUN), *args], cwd=ROOT, env=full_env, capture_output=True, text=True, timeout=240
    )


def read_run_record(out_dir: Path) -> dict:
    """The ``run.json`` a run wrote into ``out_dir``."""
    return json.loads((out_dir / "run.json").read_text())


@pytest.fixture(scope="session")
def openai_server() -> Iterator[OpenAIServer]:
    """One local OpenAI-speaking server for the session; each test starts it clean."""
    server = OpenAIServer().start()
    yield server
    server.stop()


@pytest.fixture()
def api(openai_server: OpenAIServer) -> OpenAIServer:
    """The session's server with no recorded requests, injected failures or custom reply."""
    openai_server.reset()
    return openai_server
