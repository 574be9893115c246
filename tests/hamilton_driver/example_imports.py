"""Every ``hamilton`` import in Apache Hamilton's own examples, one statement per name.

    python -m tests.hamilton_driver.example_imports   # rewrite example_imports.txt

They are read from the Hamilton mirror when it is there, else from
``example_imports.txt`` (recorded from it). ``test_module_paths.py`` ports each
by the import rule and imports it.
"""

from __future__ import annotations

import ast
import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

MIRROR = Path("/work/.mirror/apache+hamilton/repo")
RECORDED = Path(__file__).with_name("example_imports.txt")


def _git(*args: str, given: bytes | None = None) -> bytes:
    done = subprocess.run(["git", f"--git-dir={MIRROR}", *args], input=given, capture_output=True)
    return done.stdout


def _sources() -> Iterator[str]:
    """The code of each example file that mentions a hamilton import (notebooks: per cell)."""
    listed = _git("grep", "-l", "-E", r"(from|import) hamilton", "HEAD", "--", "examples")
    paths = [
        line.split(":", 1)[1]
        for line in listed.decode().splitlines()
        if line.endswith((".py", ".ipynb"))
    ]
    batch = _git("cat-file", "--batch", given="".join(f"HEAD:{p}\n" for p in paths).encode())
    position = 0
    for path in paths:
        header_end = batch.index(b"\n", position)
        header = batch[position:header_end].split()
        position = header_end + 1
        if header[-1] == b"missing":
            continue
        size = int(header[2])
        text = batch[position : position + size].decode(errors="replace")
        position += size + 1
        yield from _cells(path, text)


def _cells(path: str, text: str) -> Iterator[str]:
    if not path.endswith(".ipynb"):
        yield text
        return
    try:
        cells = json.loads(text).get("cells", [])
    except json.JSONDecodeError:
        return
    for cell in cells:
        if cell.get("cell_type") == "code":
            source = cell.get("source", "")
            source = "".join(source) if isinstance(source, list) else source
            yield "\n".join(
                line for line in source.splitlines() if not line.lstrip().startswith(("%", "!"))
            )


def statements(code: str) -> set[str]:
    """``import hamilton...`` and ``from hamilton... import name`` statements in ``code``."""
    try:
        tree = ast.parse(code)
    except SyntaxError:
        return set()
    found = set()
    for item in ast.walk(tree):
        if isinstance(item, ast.Import):
            found |= {
                f"import {alias.name}"
                for alias in item.names
                if alias.name == "hamilton" or alias.name.startswith("hamilton.")
            }
        elif isinstance(item, ast.ImportFrom) and item.level == 0 and item.module:
            if item.module == "hamilton" or item.module.startswith("hamilton."):
                found |= {f"from {item.module} import {alias.name}" for alias in item.names}
    return found


def from_mirror() -> set[str]:
    """The statements in the mirror's examples; empty when there is no mirror."""
    if not MIRROR.is_dir():
        return set()
    return set().union(*(statements(code) for code in _sources()))


def recorded() -> set[str]:
    return set(RECORDED.read_text().splitlines())


def main() -> int:
    found = from_mirror()
    if not found:
        sys.stderr.write(f"no Hamilton mirror at {MIRROR}\n")
        return 1
    RECORDED.write_text("".join(f"{line}\n" for line in sorted(found)))
    sys.stdout.write(f"{len(found)} statements recorded in {RECORDED.name}\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
