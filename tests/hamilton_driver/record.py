"""Record what Apache Hamilton does for each case: ``expected.json`` beside its script.

    python tests/hamilton_driver/record.py [--python /path/to/hamilton/python] [CASE ...]

Each case folder holds ``script.py`` (written against Hamilton, printing one JSON
object as its last line, with ``show.py``'s help) and the modules it imports.
The case runs in a scratch copy; ``test_cases.py`` runs the same copy with the
imports rewritten to ``dagrun.hamilton`` and compares. Review the diff of the
``expected.json`` files before keeping it.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

CASES = Path(__file__).resolve().parent / "cases"
HAMILTON_IMPORT = re.compile(r"^(\s*)(from|import) hamilton\b", re.M)


def to_dagrun(source: str) -> str:
    """The porting rule: every ``hamilton`` heading an import becomes ``dagrun.hamilton``."""
    return HAMILTON_IMPORT.sub(r"\1\2 dagrun.hamilton", source)


def case_names() -> list[str]:
    return sorted(p.parent.name for p in CASES.glob("*/script.py"))


def run_case(name: str, python: str, workdir: Path, port: bool) -> tuple[Any, str]:
    """Run case ``name`` in ``workdir``: its last stdout line as JSON, and everything printed."""
    for source in (CASES / name).iterdir():
        if source.suffix == ".py":
            text = source.read_text()
            (workdir / source.name).write_text(to_dagrun(text) if port else text)
    shutil.copy(CASES / "show.py", workdir / "show.py")
    env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1"}
    if port:  # the project's python finds this checkout's dagrun, installed or not
        env["PYTHONPATH"] = os.pathsep.join([str(CASES.parents[2]), env.get("PYTHONPATH", "")])
    done = subprocess.run(
        [python, "script.py"],
        cwd=workdir,
        capture_output=True,
        text=True,
        timeout=300,
        env=env,
    )
    output = f"exit {done.returncode}\n--- stdout\n{done.stdout}\n--- stderr\n{done.stderr}"
    lines = done.stdout.strip().splitlines()
    if done.returncode != 0 or not lines:
        return None, output
    return json.loads(lines[-1]), output


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--python", default="/tmp/hamvenv/bin/python")
    parser.add_argument("cases", nargs="*")
    args = parser.parse_args(argv)
    failed = 0
    for name in args.cases or case_names():
        with tempfile.TemporaryDirectory() as scratch:
            found, output = run_case(name, args.python, Path(scratch), port=False)
        if found is None:
            failed += 1
            sys.stderr.write(f"{name}: no result\n{output}\n")
            continue
        (CASES / name / "expected.json").write_text(
            json.dumps(found, indent=1, sort_keys=True) + "\n"
        )
        sys.stdout.write(f"{name}: recorded\n")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
