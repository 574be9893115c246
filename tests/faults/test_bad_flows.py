"""Broken flow modules and names that escape the output folder: exit 2, one paragraph."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.faults.harness import assert_one_paragraph, dagrun

BROKEN = {
    "syntax": ("def total(x: int) -> int\n    return x\n", "SyntaxError", "syntax.py:1"),
    "missing_import": ("import no_such_module_here\n", "ModuleNotFoundError", "install"),
    "raises": ("x = 1\nraise RuntimeError('boom at import')\n", "boom at import", "raises.py:2"),
    "runaway": ("def again():\n    return again()\n\nagain()\n", "RecursionError", "runaway.py"),
    "unannotated": ("def total(x):\n    return x\n", "annotation", "unannotated.py:1"),
}


def _write(folder: Path, name: str, text: str) -> Path:
    path = folder / f"{name}.py"
    path.write_text(text)
    return path


@pytest.mark.parametrize("name", sorted(BROKEN))
def test_a_broken_flow_module_is_one_paragraph_at_its_line(tmp_path, name):
    """Syntax errors, failed imports, raising or runaway modules and unannotated functions
    exit 2 with one paragraph that names the cause and where it is."""
    text, cause, where = BROKEN[name]
    _write(tmp_path, name, text)
    done = dagrun(["execute", "-m", f"{name}.py", "-i", "x=1"], tmp_path)
    assert done.returncode == 2, done.stderr
    assert_one_paragraph(done.stderr)
    assert cause in done.stderr and where in done.stderr


def test_modules_that_import_each_other_are_one_paragraph(tmp_path):
    """Two flow modules importing names from each other end in exit 2 naming the cycle's import."""
    _write(tmp_path, "left", "from right import b\n\ndef a(x: int) -> int:\n    return x\n")
    _write(tmp_path, "right", "from left import a\n\ndef b(x: int) -> int:\n    return x\n")
    done = dagrun(["execute", "-m", "left.py", "-i", "x=1"], tmp_path)
    assert done.returncode == 2, done.stderr
    assert_one_paragraph(done.stderr)
    assert "a circular import" in done.stderr and "right.py:1" in done.stderr


def test_non_callables_named_like_nodes_are_not_nodes(tmp_path):
    """A module-level value or callable object named like a dependency is not a node: the
    dependency is a missing input (exit 2), and supplying it runs the flow."""
    _write(
        tmp_path,
        "values",
        "class Rate:\n    def __call__(self) -> float:\n        return 0.5\n\n"
        "revenue = 100\nrate = Rate()\n\n"
        "def profit(revenue: int, rate: float) -> float:\n    return revenue * rate\n",
    )
    missing = dagrun(["execute", "-m", "values.py"], tmp_path)
    assert missing.returncode == 2, missing.stderr
    assert_one_paragraph(missing.stderr)
    assert "revenue" in missing.stderr
    listed = dagrun(["list", "-m", "values.py", "--json"], tmp_path)
    assert "Rate" not in listed.stdout
    done = dagrun(["execute", "-m", "values.py", "-i", "revenue=10", "-i", "rate=0.5"], tmp_path)
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "out" / "values" / "profit.json").exists()


ESCAPING = (
    "from dagrun import extract_fields\n\n"
    "@extract_fields({'../escape': int, 'ok': int})\n"
    "def fields(n: int) -> dict:\n    return {'../escape': n, 'ok': n}\n"
)


def test_an_output_name_that_escapes_the_output_folder_is_refused(tmp_path):
    """A node named '../escape' is not written above the output folder by default: exit 2."""
    _write(tmp_path, "escaping", ESCAPING)
    done = dagrun(["execute", "-m", "escaping.py", "-i", "n=1", "-s", "../escape"], tmp_path)
    assert done.returncode == 2, done.stderr
    assert_one_paragraph(done.stderr)
    assert "outside the output folder" in done.stderr
    assert not (tmp_path / "out" / "escape.pkl").exists()


def test_an_escaping_path_named_in_the_run_file_is_honoured(tmp_path):
    """The same output goes where the run file explicitly says, even above the output folder."""
    _write(tmp_path, "escaping", ESCAPING)
    run_file = tmp_path / "escaping.yaml"
    run_file.write_text(
        "modules: [escaping.py]\ninputs: {n: 7}\noutputs:\n  ../escape: ../shared/escape.json\n"
    )
    done = dagrun(["execute", str(run_file), "-q", "--json"], tmp_path)
    assert done.returncode == 0, done.stderr
    assert json.loads((tmp_path / "out" / "shared" / "escape.json").read_text()) == 7
