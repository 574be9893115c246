"""Code fingerprints follow what a function does, not how its source is written."""

import importlib.util
import itertools
import sys
import textwrap
from pathlib import Path

import pytest

from dagrun.caching.code import CodeFingerprints

_count = itertools.count()

BASE = '''
import math

THRESHOLD = 5


def _helper(x):
    return _inner(x) + 1


def _inner(x):
    return x * 2


def clipped(value: int) -> int:
    """Clip the value."""
    # keep small values
    return min(_helper(value), THRESHOLD)


def untouched(value: int) -> int:
    return math.floor(value)
'''


def load(tmp_path, source):
    """Import ``source`` as module ``flow`` from a fresh file, as a new run would."""
    path = tmp_path / f"run_{next(_count)}" / "flow.py"
    path.parent.mkdir()
    path.write_text(textwrap.dedent(source))
    spec = importlib.util.spec_from_file_location("flow", path)
    module = importlib.util.module_from_spec(spec)
    sys.modules["flow"] = module  # removed again by the autouse fixture
    spec.loader.exec_module(module)
    return module


@pytest.fixture(autouse=True)
def _forget_flow_modules():
    """Each test imports its own ``flow``; leave sys.modules as it was."""
    yield
    sys.modules.pop("flow", None)


def code_of(tmp_path, source, name="clipped"):
    module = load(tmp_path, source)
    return CodeFingerprints().callable(getattr(module, name))


@pytest.mark.parametrize(
    "edit",
    [
        lambda s: s.replace('"""Clip the value."""', '"""Clip it, documented otherwise."""'),
        lambda s: s.replace("# keep small values", "# a different comment"),
        lambda s: s.replace(
            "return min(_helper(value), THRESHOLD)",
            "return min(\n        _helper(value),\n        THRESHOLD,\n    )",
        ),
        lambda s: s.replace("def _helper(x):", "def _helper(x):\n    # note"),
        lambda s: s.replace("math.floor(value)", "math.ceil(value)"),
    ],
    ids=["docstring", "comment", "formatting", "helper-comment", "unrelated-function"],
)
def test_edits_that_do_not_change_behaviour_keep_the_fingerprint(tmp_path, edit):
    """Docstrings, comments, formatting and unrelated functions do not count."""
    assert code_of(tmp_path, BASE) == code_of(tmp_path, edit(BASE))


@pytest.mark.parametrize(
    "edit",
    [
        lambda s: s.replace("min(_helper(value), THRESHOLD)", "max(_helper(value), THRESHOLD)"),
        lambda s: s.replace("return _inner(x) + 1", "return _inner(x) + 2"),
        lambda s: s.replace("return x * 2", "return x * 3"),
        lambda s: s.replace("THRESHOLD = 5", "THRESHOLD = 6"),
        lambda s: s.replace(
            "def clipped(value: int) -> int:", "@staticmethod\ndef clipped(value: int) -> int:"
        ),
    ],
    ids=["body", "helper", "helper-of-helper", "constant", "decorator"],
)
def test_edits_that_change_behaviour_change_the_fingerprint(tmp_path, edit):
    """The body, helpers it reaches (transitively), constants and decorators count."""
    assert code_of(tmp_path, BASE) != code_of(tmp_path, edit(BASE))


def test_dagrun_decorator_arguments_count(tmp_path):
    """Changing an argument of a dagrun decorator record changes the fingerprint."""
    source = """
    from dataclasses import dataclass

    from dagrun.modifiers.base import Modifier

    @dataclass(frozen=True)
    class Mark(Modifier):
        value: int

    @Mark(1)
    def clipped(value: int) -> int:
        return value
    """
    assert code_of(tmp_path, source) != code_of(tmp_path, source.replace("Mark(1)", "Mark(2)"))


def test_comprehension_constants_count(tmp_path):
    """A constant inside a comprehension is not mistaken for a docstring."""
    source = """
    def clipped(value: int) -> list:
        return [v + 7 for v in range(value)]
    """
    assert code_of(tmp_path, source) != code_of(tmp_path, source.replace("v + 7", "v + 8"))


def test_nested_docstrings_do_not_count(tmp_path):
    """A docstring of a nested function is documentation too."""
    source = """
    def clipped(value: int) -> int:
        def inner():
            \"\"\"Inner docs.\"\"\"
            return value
        return inner()
    """
    assert code_of(tmp_path, source) == code_of(tmp_path, source.replace("Inner docs", "Other"))


def test_the_code_that_runs_is_what_counts(tmp_path):
    """Editing the file after import does not change the loaded function's fingerprint."""
    module = load(tmp_path, BASE)
    before = CodeFingerprints().callable(module.clipped)
    path = Path(module.__file__)
    path.write_text(path.read_text().replace("return x * 2", "return x * 5"))
    assert CodeFingerprints().callable(module.clipped) == before


def test_helpers_imported_by_name_count(tmp_path):
    """``from helpers import scale`` is followed into the helper's own code."""
    helper = tmp_path / "named_helpers.py"
    helper.write_text("def scale(x):\n    return x * 10\n")
    sys.path.insert(0, str(tmp_path))
    try:
        source = (
            "from named_helpers import scale\n\ndef clipped(v: int) -> int:\n    return scale(v)\n"
        )
        before = code_of(tmp_path, source)
        helper.write_text("def scale(x):\n    return x * 11\n")
        sys.modules.pop("named_helpers")
        after = code_of(tmp_path, source)
    finally:
        sys.path.remove(str(tmp_path))
        sys.modules.pop("named_helpers", None)
    assert before != after


def test_parameters_named_like_nodes_are_not_helpers(tmp_path):
    """In ``def c(a): return a`` the ``a`` is a parameter: editing node ``a`` leaves ``c``."""
    source = """
    def a() -> int:
        return 1

    def clipped(a: int) -> int:
        return a + 1
    """
    assert code_of(tmp_path, source) == code_of(tmp_path, source.replace("return 1", "return 2"))


def test_helpers_in_other_user_modules_count(tmp_path):
    """A helper imported from another of the user's modules is followed into its file."""
    helper = tmp_path / "shared_helpers.py"
    helper.write_text("def scale(x):\n    return x * 10\n")
    sys.path.insert(0, str(tmp_path))
    try:
        source = (
            "import shared_helpers\n\n"
            "def clipped(v: int) -> int:\n    return shared_helpers.scale(v)\n"
        )
        before = code_of(tmp_path, source)
        helper.write_text("def scale(x):\n    return x * 11\n")
        sys.modules.pop("shared_helpers")
        after = code_of(tmp_path, source)
    finally:
        sys.path.remove(str(tmp_path))
        sys.modules.pop("shared_helpers", None)
    assert before != after


def test_recursive_helpers_terminate(tmp_path):
    """Mutually recursive helpers are each counted once."""
    source = """
    def _even(n):
        return n == 0 or _odd(n - 1)

    def _odd(n):
        return n != 0 and _even(n - 1)

    def clipped(v: int) -> bool:
        return _even(v)
    """
    assert code_of(tmp_path, source) != code_of(
        tmp_path, source.replace("_even(n - 1)", "_even(n - 2)")
    )


def test_closure_values_count(tmp_path):
    """Functions made by a factory differ by the values they capture."""
    source = """
    def make(k):
        def clipped(v: int) -> int:
            return v * k
        return clipped

    double = make(2)
    triple = make(3)
    """
    module = load(tmp_path, source)
    codes = CodeFingerprints()
    assert codes.callable(module.double) != codes.callable(module.triple)


def test_a_warmed_up_function_keeps_its_fingerprint(tmp_path):
    """Python's specialisation of hot code does not change a function's fingerprint."""
    module = load(tmp_path, BASE)
    before = CodeFingerprints().callable(module.clipped)
    for value in range(20_000):
        module.clipped(value)
    assert CodeFingerprints().callable(module.clipped) == before


def test_a_shared_table_is_hashed_once_per_run(tmp_path, monkeypatch):
    """A module-level table read by many functions is fingerprinted once, not once each."""
    import dagrun.caching.code as code

    source = "TABLE = list(range(1000))\n" + "".join(
        f"\ndef f{i}(v: int) -> int:\n    return TABLE[v] + {i}\n" for i in range(20)
    )
    module = load(tmp_path, source)
    hashed = []
    real = code.fingerprint
    monkeypatch.setattr(code, "fingerprint", lambda value: hashed.append(value) or real(value))
    fingerprints = CodeFingerprints()
    for i in range(20):
        fingerprints.callable(getattr(module, f"f{i}"))
    assert sum(1 for value in hashed if value is module.TABLE) == 1


LIBRARY_USERS = """
import yaml
from yaml import safe_dump

import numpy as np


def as_text(value: dict) -> str:
    return yaml.safe_dump(value)


def by_name(value: dict) -> str:
    return safe_dump(value)


def mean(values: list) -> float:
    return float(np.mean(values))


def plain(value: int) -> int:
    return value + 1
"""


@pytest.mark.parametrize("name", ["as_text", "by_name"])
def test_an_upgraded_library_changes_its_users_only(tmp_path, monkeypatch, name):
    """A new yaml version changes what reads yaml (as a module or a name), nothing else."""
    import yaml

    from dagrun.caching import code

    module = load(tmp_path, LIBRARY_USERS)
    before = {n: CodeFingerprints().callable(getattr(module, n)) for n in (name, "mean", "plain")}
    code._version.cache_clear()
    monkeypatch.setattr(yaml, "__version__", yaml.__version__ + ".post1")
    after = {n: CodeFingerprints().callable(getattr(module, n)) for n in (name, "mean", "plain")}
    code._version.cache_clear()
    assert before[name] != after[name]
    assert before["mean"] == after["mean"] and before["plain"] == after["plain"]


def test_standard_library_and_user_modules_carry_no_version(tmp_path):
    """math (standard library) and the user's own module give no library version."""
    import math

    from dagrun.caching.code import _library_of

    module = load(tmp_path, BASE)
    assert _library_of(math) is None
    assert _library_of(module.clipped) is None
    assert _library_of(module) is None
