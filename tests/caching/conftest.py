"""A copy of tests/flows/cache_notes.py with a run file, run through the real CLI."""

import json
import os
import shutil
import sqlite3
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from dagrun.caching.store import INLINE_LIMIT

FLOWS = Path(__file__).resolve().parents[1] / "flows"
DAGRUN = Path(sys.executable).with_name("dagrun")
ENV = {k: v for k, v in os.environ.items() if k != "DAGRUN_STATE_DIR"} | {"NO_COLOR": "1"}
RUN_FILE = """\
modules: [flow.py]
config: {shift: 10}
inputs: {a: 1, b: 2}
outputs:
  report: report.txt
"""


@dataclass
class Project:
    """A flow on disk, run by subprocess; ``ran()`` says which functions ran since last asked."""

    root: Path

    @property
    def flow(self) -> Path:
        return self.root / "flow.py"

    def edit(self, old: str, new: str) -> None:
        """Replace ``old`` (which must be there) with ``new`` in flow.py."""
        text = self.flow.read_text()
        assert old in text, old
        self.flow.write_text(text.replace(old, new, 1))

    def start(self, *args: str) -> subprocess.Popen:
        return subprocess.Popen(
            [str(DAGRUN), "execute", "run.yaml", *args],
            cwd=self.root,
            env=ENV,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )

    def execute(self, *args: str, code: int = 0) -> subprocess.CompletedProcess:
        result = subprocess.run(
            [str(DAGRUN), "execute", "run.yaml", *args],
            cwd=self.root,
            env=ENV,
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert result.returncode == code, result.stderr
        return result

    def dagrun(self, *args: str) -> subprocess.CompletedProcess:
        return subprocess.run(
            [str(DAGRUN), *args],
            cwd=self.root,
            env=ENV,
            capture_output=True,
            text=True,
            timeout=120,
        )

    def ran(self) -> list[str]:
        """The functions that ran since the last call, in order."""
        path = self.root / "ran.txt"
        names = path.read_text().split() if path.exists() else []
        path.unlink(missing_ok=True)
        return names

    def report(self, out: str = "out/run") -> str:
        return (self.root / out / "report.txt").read_text()

    def record(self, out: str = "out/run") -> dict:
        return json.loads((self.root / out / "run.json").read_text())

    def overwrite_blob(self, node: str, data: bytes | None) -> None:
        """Replace the stored bytes of ``node``'s latest entry; None deletes them."""
        cache = self.root / ".dagrun" / "cache"
        with sqlite3.connect(cache / "index.sqlite") as db:
            (name, size) = db.execute(
                "SELECT blob, size FROM entries WHERE node = ? ORDER BY created DESC LIMIT 1",
                (node,),
            ).fetchone()
            if size >= INLINE_LIMIT:
                path = cache / "blobs" / name[:2] / name
                path.unlink() if data is None else path.write_bytes(data)
            elif data is None:
                db.execute("DELETE FROM inline WHERE blob = ?", (name,))
            else:
                db.execute("UPDATE inline SET data = ? WHERE blob = ?", (data, name))


@pytest.fixture(scope="session")
def primed(tmp_path_factory) -> Path:
    """The notes flow and its run file, run once (all five nodes ran), shared read-only."""
    root = tmp_path_factory.mktemp("primed")
    shutil.copy(FLOWS / "cache_notes.py", root / "flow.py")
    (root / "run.yaml").write_text(RUN_FILE)
    made = Project(root)
    made.execute()
    assert sorted(made.ran()) == ["offset", "parity", "raw", "report", "scaled"]
    assert made.report() == "4 even 12"
    return root


@pytest.fixture
def project(primed, tmp_path) -> Project:
    """A private copy of the primed project: flow, run file, outputs and a warm cache."""
    root = tmp_path / "project"
    shutil.copytree(primed, root)
    return Project(root)
