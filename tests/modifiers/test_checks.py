"""check_output and check_output_custom: check nodes, warnings, failures."""

import json
import logging

import pandas as pd
import pandera.pandas as pa
import pytest

from dagrun import (
    DataValidationError,
    DataValidator,
    GraphError,
    ValidationResult,
    check_output,
    check_output_custom,
)
from dagrun.executors.sequential import run_plan
from dagrun.graph import Graph
from dagrun.modifiers.checks import CheckResult
from dagrun.modifiers.resolve import nodes_from_functions
from dagrun.plan import compile_plan
from tests.modifiers.helpers import build, line_of


def run(*functions, outputs, inputs=None):
    graph = Graph(nodes_from_functions(functions, {}))
    inputs = inputs or {}
    plan = compile_plan(graph, outputs, inputs=set(inputs))
    values = [None] * plan.size
    for seed in plan.seeds:
        values[seed.slot] = inputs[seed.name]
    values = run_plan(plan, values).values
    return {name: values[slot] for name, slot in plan.outputs}


class Even(DataValidator):
    """A user validator: every value is even."""

    @classmethod
    def name(cls) -> str:
        return "even"

    def validate(self, data):
        odd = [v for v in data if v % 2]
        return ValidationResult(not odd, f"odd values: {odd}", {"odd": odd})


def test_check_output_makes_raw_check_and_gate_nodes():
    """score becomes score_raw, score_range_validator, score_values_in_validator, score."""

    @check_output(range=(0, 10), values_in=[1, 2, 3])
    def score() -> int:
        return 2

    nodes = build(score)
    assert set(nodes) == {
        "score_raw",
        "score_range_validator",
        "score_values_in_validator",
        "score",
    }
    assert nodes["score_range_validator"].role == "check"
    assert nodes["score"].dep_names[0] == "score_raw"


def test_warn_logs_on_the_dagrun_logger_and_passes_the_value_on(caplog):
    """A failed warn check logs a warning; the value still flows."""

    @check_output(range=(0.0, 1.0), importance="warn")
    def rate() -> float:
        return 1.5

    with caplog.at_level(logging.WARNING, logger="dagrun"):
        result = run(rate, outputs=["rate", "rate_range_validator"])
    assert result["rate"] == 1.5
    assert [r.name for r in caplog.records] == ["dagrun"]
    assert "rate" in caplog.records[0].getMessage()


def test_check_nodes_hold_a_result_record_for_the_run():
    """The check node's value says which check failed, how, and at what importance."""

    @check_output(range=(0.0, 1.0))
    def rate() -> float:
        return 1.5

    result = run(rate, outputs=["rate_range_validator"])["rate_range_validator"]
    assert isinstance(result, CheckResult)
    assert (result.node, result.check, result.importance, result.passes) == (
        "rate",
        "range_validator",
        "warn",
        False,
    )
    assert "1.5" in result.message


def test_fail_raises_naming_the_node_and_each_failed_check():
    """Two failed fail-level checks are both named in one DataValidationError."""

    @check_output(range=(0, 10), values_in=[1, 2], importance="fail")
    def score() -> int:
        return 50

    with pytest.raises(DataValidationError) as caught:
        run(score, outputs=["score"])
    text = str(caught.value)
    assert caught.value.node == "score"
    assert "range_validator" in text and "values_in_validator" in text
    assert line_of(score) in text


def test_passing_fail_checks_change_nothing():
    """A Series within range comes back as the same object."""
    series = pd.Series([0.1, 0.9])

    @check_output(range=(0.0, 1.0), max_fraction_nans=0.0, importance="fail")
    def share(parts: pd.Series) -> pd.Series:
        return parts

    assert run(share, outputs=["share"], inputs={"parts": series})["share"] is series


def test_check_output_custom_runs_user_validators():
    """A DataValidator subclass fails at its own importance."""

    @check_output_custom(Even(importance="fail"))
    def numbers() -> list:
        return [2, 3]

    with pytest.raises(DataValidationError, match=r"even: odd values: \[3\]"):
        run(numbers, outputs=["numbers"])


def test_pandera_schema_checks_a_dataframe():
    """A schema failure fails the node; a conforming frame passes."""
    schema = pa.DataFrameSchema({"age": pa.Column(int, pa.Check.ge(0))})

    @check_output(schema=schema, importance="fail")
    def people(ages: list) -> pd.DataFrame:
        return pd.DataFrame({"age": ages})

    assert run(people, outputs=["people"], inputs={"ages": [1, 2]})["people"]["age"].tolist() == [
        1,
        2,
    ]
    with pytest.raises(DataValidationError, match="schema_validator"):
        run(people, outputs=["people"], inputs={"ages": [-1]})


def test_an_unknown_check_keyword_is_a_graph_error():
    """A misspelt check is refused with a suggestion and the function's file:line."""

    @check_output(rang=(0, 1))
    def odd() -> int:
        return 1

    with pytest.raises(GraphError) as caught:
        build(odd)
    assert "did you mean 'range'?" in str(caught.value)
    assert line_of(odd) in str(caught.value)


def test_an_unknown_importance_is_a_graph_error():
    """importance must be warn or fail."""

    @check_output(range=(0, 1), importance="loud")
    def odd() -> int:
        return 1

    with pytest.raises(GraphError, match="not an importance"):
        build(odd)


def test_check_output_target_picks_one_output():
    """target_ checks only the named extracted column."""
    from dagrun import extract_columns

    @check_output(range=(0, 1), target_="a")
    @extract_columns("a", "b")
    def frame() -> pd.DataFrame:
        return pd.DataFrame({"a": [0], "b": [5]})

    nodes = build(frame)
    assert "a_range_validator" in nodes and "b_range_validator" not in nodes


def test_a_check_that_cannot_apply_to_the_return_type_is_a_graph_error():
    """range on a str node is refused at build, as Hamilton refuses it."""

    @check_output(range=(0, 1))
    def label() -> str:
        return "x"

    with pytest.raises(GraphError) as caught:
        build(label)
    assert "range= cannot check 'label', which returns str" in str(caught.value)
    assert line_of(label) in str(caught.value)


def test_check_results_reach_the_run_record():
    """A failed warn check shows in the run record's entry for its check node."""
    from dagrun.executors.events import DONE, Event
    from dagrun.runs import RunRecorder

    @check_output(range=(0.0, 1.0))
    def rate() -> float:
        return 1.5

    value = run(rate, outputs=["rate_range_validator"])["rate_range_validator"]
    recorder = RunRecorder(["rate_range_validator"])
    recorder.after_node(Event(DONE, "rate_range_validator", 0, 0.01, value=value))
    check = recorder.nodes["rate_range_validator"]["check"]
    assert check["passes"] is False and check["importance"] == "warn"
    assert check["check"] == "range_validator" and "1.5" in check["message"]
    json.dumps(check)
