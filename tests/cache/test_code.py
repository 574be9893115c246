"""Code fingerprints follow what a function does, not how its source is written."""

import importlib.util
import itertools
import sys
import textwrap

import pytest

from dagrun.cache.code import CodeFingerprints, global_references, summarise

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
    sys.modules["flow"] = module
    spec.loader.exec_module(module)
    return module


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


def test_decorator_arguments_count(tmp_path):
    """Changing a decorator's argument changes the fingerprint."""
    source = """
    import functools

    @functools.lru_cache(maxsize=1)
    def clipped(value: int) -> int:
        return value
    """
    assert code_of(tmp_path, source) != code_of(tmp_path, source.replace("maxsize=1", "maxsize=2"))


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


def test_global_references_skip_locals_and_comprehension_variables():
    """Only names read from the module are references."""
    import ast

    tree = ast.parse(
        textwrap.dedent("""
    def f(a, b=DEFAULT):
        c = helper(a)
        total = [x + OFFSET for x in range(c)]
        import os
        return os.sep, np.mean(total), lambda y: y + SCALE
    """)
    )
    refs = global_references(tree.body[0])
    assert {"DEFAULT", "helper", "OFFSET", "range", "np", "np.mean", "SCALE"} <= refs
    assert not {"a", "b", "c", "x", "y", "total", "os"} & refs


def test_summaries_are_reused_by_file_digest(tmp_path):
    """A file already summarised is not parsed again: the shared mapping answers."""
    sources = {}
    module = load(tmp_path, BASE)
    first = CodeFingerprints(sources).callable(module.clipped)
    assert len(sources) == 1
    digest_key = next(iter(sources))
    sources[digest_key] = {k: ["forged", v[1]] for k, v in sources[digest_key].items()}
    assert CodeFingerprints(sources).callable(module.clipped) != first


def test_unparsable_source_has_no_summary():
    """A file that is not Python gives no summary (the bytecode fallback is used)."""
    assert summarise(b"def (:") is None
