"""Importing flows by path and by dotted name, and import failures as InputErrors."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from dagrun.errors import InputError
from dagrun.loader import is_path, load_module, load_modules, package_root
from dagrun.runspec import ModuleRef, Source

FLOWS = Path(__file__).resolve().parent / "flows"


def _write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    return path


@pytest.fixture
def clean_modules():
    """Forget modules and sys.path entries a test imported, so names can be reused."""
    before_modules, before_path = set(sys.modules), list(sys.path)
    yield
    for name in set(sys.modules) - before_modules:
        del sys.modules[name]
    sys.path[:] = before_path


def test_a_file_path_imports_under_its_stem_with_siblings_importable(clean_modules):
    """The sibling flow imports its helper by plain name."""
    module = load_module(ModuleRef("cli_sibling/flow.py", FLOWS))
    assert module.__name__ == "flow"
    assert module.greeting("x") == "HELLO X"


def test_a_file_in_a_package_gets_its_dotted_name(clean_modules):
    """Relative imports work because the file is imported as part of its package."""
    module = load_module(ModuleRef("cli_pkg/sub/flow.py", FLOWS))
    assert module.__name__.endswith("cli_pkg.sub.flow")
    assert module.doubled(4) == 8


def test_package_root_walks_up_through_init_files():
    """The sys.path entry is the folder above the topmost package."""
    root, name = package_root(FLOWS / "cli_pkg" / "sub" / "flow.py")
    assert name.endswith("cli_pkg.sub.flow")
    assert (root / name.split(".")[0]).is_dir()


def test_dotted_names_import_from_the_base_folder(tmp_path, clean_modules):
    """A dotted name is found relative to the base folder."""
    _write(tmp_path / "dotted_pkg" / "__init__.py", "")
    _write(tmp_path / "dotted_pkg" / "steps.py", "def one() -> int:\n    return 1\n")
    module = load_module(ModuleRef("dotted_pkg.steps", tmp_path))
    assert module.one() == 1


def test_the_same_module_twice_is_loaded_once(clean_modules):
    """Naming one file twice yields one module."""
    ref = ModuleRef("cli_branches.py", FLOWS)
    assert len(load_modules([ref, ref])) == 1


def test_is_path_tells_files_from_dotted_names(tmp_path):
    """.py endings and slashes are paths; identifiers joined by dots are names."""
    assert is_path("flows/hello.py", tmp_path) and is_path("hello.py", tmp_path)
    assert not is_path("flows.hello", tmp_path)
    assert is_path("my-flow", tmp_path)


def test_an_import_error_names_the_failing_line(tmp_path, clean_modules):
    """A ModuleNotFoundError inside the flow points at the import line with an install hint."""
    flow = _write(tmp_path / "broken_flow.py", "x = 1\n\nimport not_here_at_all\n")
    with pytest.raises(InputError) as caught:
        load_module(ModuleRef(str(flow), tmp_path))
    error = caught.value
    assert "cannot import" in error.message and "ModuleNotFoundError" in error.message
    assert (error.origin.file.endswith("broken_flow.py"), error.origin.line) == (True, 3)
    assert error.hint == "install 'not_here_at_all' or check the import's spelling"
    assert "broken_flow" not in sys.modules


def test_an_error_in_a_sibling_points_into_the_sibling(tmp_path, clean_modules):
    """When the flow's helper raises, the origin is the helper's line."""
    _write(tmp_path / "bad_helper.py", "def f():\n    pass\n\nraise RuntimeError('boom')\n")
    flow = _write(tmp_path / "uses_helper.py", "import bad_helper\n")
    with pytest.raises(InputError) as caught:
        load_module(ModuleRef(str(flow), tmp_path))
    assert caught.value.origin.file.endswith("bad_helper.py")
    assert caught.value.origin.line == 4
    assert "RuntimeError: boom" in caught.value.message


def test_a_syntax_error_names_its_line(tmp_path, clean_modules):
    """SyntaxError reports the line the parser stopped at."""
    flow = _write(tmp_path / "syntax_flow.py", "a = 1\nb = (\n")
    with pytest.raises(InputError) as caught:
        load_module(ModuleRef(str(flow), tmp_path))
    assert "SyntaxError" in caught.value.message
    assert caught.value.origin.line == 2


def test_a_missing_file_from_a_run_file_names_the_run_file_line(tmp_path):
    """The error for a missing flow file points at the run-file line that named it."""
    ref = ModuleRef("nope.py", tmp_path, Source("file", "run.yaml:2"))
    with pytest.raises(InputError, match=r"flow module 'nope\.py' does not exist") as caught:
        load_module(ref)
    assert str(caught.value.origin) == "run.yaml:2"


def test_an_unknown_dotted_name_is_an_input_error(tmp_path):
    """A dotted name that cannot be found says how to name a file instead."""
    with pytest.raises(InputError, match=r"no module named 'surely\.absent'") as caught:
        load_module(ModuleRef("surely.absent", tmp_path))
    assert ".py ending" in caught.value.hint


def test_a_file_named_like_an_imported_module_is_refused(tmp_path, clean_modules):
    """flows/json.py cannot become module 'json'; the error says to rename it."""
    flow = _write(tmp_path / "json.py", "def a() -> int:\n    return 1\n")
    with pytest.raises(InputError, match="already taken") as caught:
        load_module(ModuleRef(str(flow), tmp_path))
    assert "rename" in caught.value.hint
