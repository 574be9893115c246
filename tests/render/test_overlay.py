"""Reading a run record's node statuses for the picture."""

import pytest

from dagrun.errors import InputError
from dagrun.render.overlay import NodeRun, format_duration, runs_from_record


def test_record_nodes_become_node_runs():
    """Status, duration and error message are read from each entry."""
    nodes = {
        "load": {"status": "done", "duration_s": 0.5},
        "parse": {"status": "failed", "duration_s": 0.01, "error": {"message": "bad row"}},
        "summary": {"status": "skipped"},
        "count": {"status": "cached", "duration_s": 0.0, "error": None},
    }
    assert runs_from_record(nodes) == {
        "load": NodeRun("done", 0.5),
        "parse": NodeRun("failed", 0.01, "bad row"),
        "summary": NodeRun("skipped"),
        "count": NodeRun("cached", 0.0),
    }


@pytest.mark.parametrize(
    "entry", [{"status": "exploded"}, {}, "done"], ids=["unknown", "none", "str"]
)
def test_an_unknown_status_is_an_input_error(entry):
    """A status dagrun never writes is reported with the statuses it does write."""
    with pytest.raises(InputError, match="node 'x'") as caught:
        runs_from_record({"x": entry})
    assert "done, cached, failed, skipped, not_run" in caught.value.hint


@pytest.mark.parametrize(
    ("run", "caption"),
    [
        (NodeRun("done", 0.0004), "done · 400 µs"),
        (NodeRun("failed", 2.346), "failed · 2.35 s"),
        (NodeRun("cached", 12.5), "cached · 12.5 s"),
        (NodeRun("done", 125), "done · 2 min 5 s"),
        (NodeRun("skipped", 0.0), "skipped"),
        (NodeRun("cached", 0.0), "cached"),
        (NodeRun("not_run"), "not run"),
    ],
)
def test_caption_reads_as_status_and_duration(run, caption):
    """Durations are shown in the unit people read; skipped nodes show no time."""
    assert run.caption() == caption


def test_durations_round_to_their_unit():
    """Milliseconds below a second, seconds below a minute."""
    assert [format_duration(s) for s in (0.0123, 0.999, 9.999, 59.9)] == [
        "12 ms",
        "999 ms",
        "10 s",
        "59.9 s",
    ]
