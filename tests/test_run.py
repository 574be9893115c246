"""The run composition in-process: outputs chosen, plan described, results written and recorded."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from dagrun.errors import InputError
from dagrun.run import describe_plan, execute, prepare
from dagrun.runspec import Flags, load

FLOWS = Path(__file__).resolve().parent / "flows"


@pytest.fixture
def spec_for(tmp_path, monkeypatch):
    """A RunSpec for cli_branches with flags, outputs and state under tmp_path."""
    monkeypatch.setenv("DAGRUN_STATE_DIR", str(tmp_path / "state"))

    def make(**flags):
        flags.setdefault("out_dir", tmp_path / "out")
        return load(None, Flags(modules=(str(FLOWS / "cli_branches.py"),), **flags))

    return make


def test_default_outputs_are_the_sinks(spec_for):
    """Without -s or run-file outputs, the plan computes every sink."""
    prepared = prepare(spec_for(inputs=("n=2",)))
    assert prepared.outputs == ("report", "after_broken")
    assert prepared.plan.names == ["half", "report", "broken", "after_broken"]


def test_input_errors_name_the_flag_that_set_the_value(spec_for):
    """An ill-typed -i value's error hint names the flag."""
    with pytest.raises(InputError) as caught:
        prepare(spec_for(inputs=("n=text",)))
    assert "the value was set by -i n=text" in caught.value.hint


def test_describe_plan_lists_steps_inputs_and_destinations(spec_for, tmp_path):
    """The dry run shows order, each supplied value with its source, and output paths."""
    plan = describe_plan(prepare(spec_for(inputs=("n=2",), select=("report",))))
    assert [step["node"] for step in plan["steps"]] == ["half", "report"]
    assert plan["inputs"]["n"] == {"source": "input", "set_by": "-i n=2", "value": "2"}
    assert plan["outputs"]["report"].startswith(str(tmp_path / "out" / "report."))


def test_execute_keeps_going_and_records_everything(spec_for, tmp_path):
    """broken fails, report is written, the record and result agree, exit code 1."""
    result = execute(prepare(spec_for(inputs=("n=6",))))
    assert result.status == "failed" and result.exit_code == 1
    assert set(result.errors) == {"broken"}
    assert json.loads((tmp_path / "out" / "report.json").read_text()) == {"half": 3.0}
    assert json.loads(result.record_path.read_text()) == json.loads(json.dumps(result.record))
    assert result.record["counts"] == {
        "done": 2,
        "cached": 0,
        "failed": 1,
        "skipped": 1,
        "not_run": 0,
    }


def test_observers_see_every_event(spec_for):
    """An extra observer gets started and ended events for each node that ran."""
    seen = []
    execute(prepare(spec_for(inputs=("n=6",), select=("report",))), [seen.append])
    assert [(e.kind, e.node) for e in seen] == [
        ("started", "half"),
        ("done", "half"),
        ("started", "report"),
        ("done", "report"),
    ]
