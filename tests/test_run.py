"""A run file through the Python API: outputs chosen, plan described, results written, recorded."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from dagrun.driver import Driver
from dagrun.errors import InputError
from dagrun.runspec import Flags, load


def prepare(spec):
    driver = Driver.from_spec(spec)
    return driver, driver.request_for(spec)


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
    driver, request = prepare(spec_for(inputs=("n=2",)))
    assert request.outputs == ("report", "after_broken")
    plan = driver.validate(request.outputs, request.inputs)
    assert plan.names == ["half", "report", "broken", "after_broken"]


def test_input_errors_name_the_flag_that_set_the_value(spec_for):
    """An ill-typed -i value's error hint names the flag."""
    with pytest.raises(InputError) as caught:
        prepare(spec_for(inputs=("n=text",)))
    assert "the value was set by -i n=text" in caught.value.hint


def test_describe_plan_lists_steps_inputs_and_destinations(spec_for, tmp_path):
    """The dry run shows order, each supplied value with its source, and output paths."""
    driver, request = prepare(spec_for(inputs=("n=2",), select=("report",)))
    plan = driver.dry_run(request)
    assert [step["node"] for step in plan["steps"]] == ["half", "report"]
    assert plan["inputs"]["n"] == {"source": "input", "value": "2"}
    assert plan["outputs"]["report"].startswith(str(tmp_path / "out" / "report."))


def test_execute_keeps_going_and_records_everything(spec_for, tmp_path):
    """broken fails, report is written, the record and result agree, exit code 1."""
    driver, request = prepare(spec_for(inputs=("n=6",)))
    result = driver.run(request)
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


def test_hooks_see_every_event(spec_for):
    """A hook gets started and ended events for each node that ran, with the node itself."""
    from dagrun.hooks import Hook

    seen = []

    class Watch(Hook):
        def before_node(self, event, node):
            seen.append((event, node))

        def after_node(self, event, node):
            seen.append((event, node))

    driver, request = prepare(spec_for(inputs=("n=6",), select=("report",)))
    driver.run(request, hooks=[Watch()])
    assert all(event.node == node.name for event, node in seen)
    assert [(e.kind, e.node) for e, _ in seen] == [
        ("started", "half"),
        ("done", "half"),
        ("started", "report"),
        ("done", "report"),
    ]
