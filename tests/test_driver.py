"""The Driver: execute semantics, input checks, failures and the public API."""

import pickle
import subprocess
import sys

import pytest

import dagrun
from tests.flows import failing, future_hints, kwonly


def test_execute_returns_exactly_the_requested_names():
    """Results hold the outputs asked for, no intermediates."""
    driver = dagrun.Driver({}, future_hints)
    result = driver.execute(["headline", "sizes"], inputs={"raw": ["ab", "abcd"]})
    assert result == {"headline": "Top: ABCD", "sizes": {"ab": 2, "abcd": 4}}


def test_each_needed_node_runs_exactly_once():
    """A node read by two consumers is computed once."""
    calls = []
    import types

    module = types.ModuleType("counted")
    exec(
        "def base(x: int) -> int:\n    calls.append('base')\n    return x\n"
        "def left(base: int) -> int:\n    return base + 1\n"
        "def right(base: int) -> int:\n    return base + 2\n"
        "def unused(x: int) -> int:\n    calls.append('unused')\n    return x\n",
        {"calls": calls, "__name__": "counted"} | module.__dict__,
        module.__dict__,
    )
    result = dagrun.Driver({}, module).execute(["left", "right"], inputs={"x": 1})
    assert result == {"left": 2, "right": 3}
    assert calls == ["base"]


def test_int_input_into_float_parameter_is_accepted():
    """PEP 484's numeric tower: an int may be passed where a float is declared."""
    result = dagrun.Driver({}, future_hints).execute(["scaled"], inputs={"count": 3, "factor": 2})
    assert result == {"scaled": 3.0}


def test_ill_typed_input_is_rejected_before_running():
    """An input that does not match its annotation names the input, the type and the consumer."""
    driver = dagrun.Driver({}, future_hints)
    with pytest.raises(dagrun.InputError) as caught:
        driver.execute(["scaled"], inputs={"count": "three", "factor": 2.0})
    message = str(caught.value)
    assert "input 'count' is str 'three'" in message
    assert "'ratio' takes it as int" in message
    assert "future_hints.py:" in message


def test_unknown_output_suggests_the_close_name():
    """A misspelt output gets a "did you mean"."""
    with pytest.raises(dagrun.InputError, match=r"unknown node 'headlin'.*did you mean 'headline'"):
        dagrun.Driver({}, future_hints).execute(["headlin"], inputs={"raw": []})


def test_failing_node_raises_node_error_with_origin_and_cause():
    """A node that raises becomes a NodeError naming node and file:line, original chained."""
    driver = dagrun.Driver({}, failing)
    with pytest.raises(dagrun.NodeError) as caught:
        driver.execute(["ratio"], inputs={"x": 1, "denominator": 0})
    error = caught.value
    assert error.node == "ratio"
    assert "failing.py:8" in str(error)
    assert "ZeroDivisionError" in str(error)
    assert isinstance(error.__cause__, ZeroDivisionError)
    assert error.exit_code == 1


def test_keyword_only_and_optional_parameters():
    """Keyword-only parameters are passed by name; unavailable optionals keep defaults."""
    driver = dagrun.Driver({}, kwonly)
    assert driver.execute(["tail"], inputs={"name": "Ada"}) == {"tail": "Hello Ada!"}
    result = driver.execute(["tail"], inputs={"name": "Ada", "punctuation": "?", "suffix": "!"})
    assert result == {"tail": "Hello Ada?!"}


def test_validate_raises_what_execute_would_without_running():
    """validate reports missing inputs and returns the plan when the request is sound."""
    driver = dagrun.Driver({}, failing)
    with pytest.raises(dagrun.InputError, match="missing input"):
        driver.validate(["ratio"], inputs={"x": 1})
    plan = driver.validate(["ratio"], inputs={"x": 1, "denominator": 0})
    assert plan.names == ["numerator", "ratio"]


def test_overrides_replace_a_node_and_skip_its_upstream():
    """An override stands in for a node; what only it needed is not required."""
    result = dagrun.Driver({}, failing).execute(
        ["ratio"], inputs={"denominator": 4}, overrides={"numerator": 2}
    )
    assert result == {"ratio": 0.5}


def test_errors_pickle_with_their_fields():
    """Errors travel from worker processes with node, origin and hint intact."""
    error = dagrun.InputError("bad", node="n", origin="f.py:3", hint="fix it")
    copy = pickle.loads(pickle.dumps(error))
    assert (type(copy), copy.node, copy.origin, copy.hint) == (
        dagrun.InputError,
        "n",
        "f.py:3",
        "fix it",
    )


def test_public_api_is_exactly_all():
    """dagrun.__all__ lists the public names, sorted, and each exists."""
    assert dagrun.__all__ == sorted(dagrun.__all__)
    for name in dagrun.__all__:
        assert hasattr(dagrun, name), name


def test_import_dagrun_loads_nothing_heavy():
    """import dagrun pulls in no pandas, networkx, graphviz, pydantic, dask, rich or yaml."""
    code = (
        "import sys, dagrun\n"
        "heavy = {'pandas', 'numpy', 'networkx', 'graphviz', 'pydantic', 'dask', 'rich', 'yaml'}\n"
        "print(sorted(heavy & set(sys.modules)))"
    )
    output = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert output.stdout.strip() == "[]"


def test_modules_may_be_given_by_path_and_one_output_by_name(tmp_path, monkeypatch):
    """Driver({}, "flows/x.py") loads the file as -m would; execute("c") is execute(["c"])."""
    (tmp_path / "by_path.py").write_text("def c(a: int) -> int:\n    return a + 1\n")
    monkeypatch.chdir(tmp_path)
    driver = dagrun.Driver({}, "by_path.py")
    assert driver.execute("c", inputs={"a": 1}) == {"c": 2}
    with pytest.raises(dagrun.InputError, match="Driver takes modules, not int"):
        dagrun.Driver({}, 5)
