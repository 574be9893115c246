"""Every ``hamilton`` import in Hamilton's own examples, ported by the import rule alone,
either imports or is refused with an ``ImportError`` that says what to use instead.

The statements come from the Hamilton mirror when it is there, and always from
the recorded ``example_imports.txt`` (``python -m tests.hamilton_driver.example_imports``).
"""

import importlib
import importlib.machinery
import sys

import pytest

import dagrun
from dagrun.hamilton import _paths
from tests.hamilton_driver import example_imports
from tests.hamilton_driver.record import to_dagrun

STATEMENTS = sorted(example_imports.recorded() | example_imports.from_mirror())


def test_the_recorded_list_covers_hamiltons_examples():
    assert len(STATEMENTS) >= 100
    assert "from hamilton import async_driver" in STATEMENTS
    assert "from hamilton.function_modifiers.metadata import tag" in STATEMENTS


@pytest.mark.parametrize("statement", STATEMENTS)
def test_a_ported_import_works_or_says_what_to_use_instead(statement):
    ported = to_dagrun(statement)
    assert ported.startswith(("from dagrun.hamilton", "import dagrun.hamilton"))
    try:
        exec(ported, {})
    except ImportError as refused:
        assert type(refused) is ImportError, f"{ported}: {refused!r}"
        message = str(refused)
        assert "instead" in message or "use " in message, f"{ported}: {message}"
        assert "docs/hamilton.md" in message


def test_statements_are_read_from_ast_not_lines():
    code = "from hamilton.function_modifiers import (\n    config,\n    tag as t,\n)\nimport os\n"
    assert example_imports.statements(code) == {
        "from hamilton.function_modifiers import config",
        "from hamilton.function_modifiers import tag",
    }


@pytest.mark.parametrize("path", ["function_modifiers.metadata", "function_modifiers.expanders"])
def test_function_modifiers_submodules_hold_the_same_decorators(path):
    module = importlib.import_module(f"dagrun.hamilton.{path}")
    assert module.tag is dagrun.tag
    assert module.extract_fields is dagrun.extract_fields
    assert module.__name__ == f"dagrun.hamilton.{path}"
    assert importlib.import_module("dagrun.hamilton.function_modifiers").__name__ == (
        "dagrun.hamilton.function_modifiers"
    )


def test_a_refused_path_takes_its_nearest_listed_parents_advice():
    with pytest.raises(ImportError) as raised:
        importlib.import_module("dagrun.hamilton.caching.stores.sqlite")
    assert str(raised.value).startswith("hamilton.caching is not supported by dagrun; instead,")
    assert "with_cache" in str(raised.value)
    assert "dagrun.hamilton.caching" not in sys.modules


def test_a_path_hamilton_may_have_but_nobody_listed_still_gets_advice():
    with pytest.raises(ImportError, match=r"counterparts listed in docs/hamilton\.md"):
        importlib.import_module("dagrun.hamilton.no_such_module")


def test_the_finder_answers_only_for_dagrun_hamilton():
    finder = next(f for f in sys.meta_path if isinstance(f, _paths.PathFinder))
    assert finder.find_spec("hamilton.caching") is None
    assert finder.find_spec("dagrunner.hamilton.x") is None
    # after the standard finder, so a module file always wins
    standard = next(f for f in sys.meta_path if f is importlib.machinery.PathFinder)
    assert sys.meta_path.index(finder) > sys.meta_path.index(standard)


def test_a_real_module_file_wins_over_the_table():
    assert "experimental" in _paths.REFUSED
    from dagrun.hamilton.experimental import h_cache

    assert h_cache.CachingGraphAdapter.__module__ == "dagrun.hamilton.experimental.h_cache"
