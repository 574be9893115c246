"""OpenTelemetryHook with the real OpenTelemetry SDK: spans, parents, attributes, errors."""

from __future__ import annotations

import subprocess
import sys
import threading
from types import ModuleType

import pytest
from opentelemetry.sdk.trace import ReadableSpan, TracerProvider
from opentelemetry.sdk.trace.export import SimpleSpanProcessor
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter
from opentelemetry.trace import StatusCode

from dagrun import Driver
from dagrun.executors.events import DONE, STARTED, Event
from dagrun.hooks import RunEnd, RunStart
from dagrun.telemetry import OpenTelemetryHook

FLOW = """
import threading

from dagrun import Collect, Parallelizable, retry, tag, tag_outputs


@tag(owner="data", stage=["clean", "load"])
def raw(x: int) -> int:
    return x + 1


@tag_outputs(doubled={"weight": 3, "exact": True, "ratio": 0.5, "limits": {"max": 9}})
def doubled(raw: int) -> int:
    return raw * 2


def broken(raw: int) -> int:
    raise ValueError(f"no good: {raw}")


def after_broken(broken: int) -> int:
    return broken + 1


@retry(times=2, backoff=0, jitter=False)
def flaky(calls: list) -> int:
    calls.append(len(calls))
    if len(calls) < 2:
        raise ConnectionError("try again")
    return len(calls)


def word(words: list) -> Parallelizable[str]:
    yield from words


def shout(word: str) -> str:
    return word.upper()


def shouted(shout: Collect[str]) -> str:
    return ",".join(shout)


def w0(gate: threading.Barrier) -> int:
    return gate.wait()


def w1(gate: threading.Barrier) -> int:
    return gate.wait()


def w2(gate: threading.Barrier) -> int:
    return gate.wait()


def w3(gate: threading.Barrier) -> int:
    return gate.wait()


def together(w0: int, w1: int, w2: int, w3: int) -> list:
    return sorted([w0, w1, w2, w3])
"""


@pytest.fixture(scope="module")
def flow(tmp_path_factory) -> ModuleType:
    """The flow above, imported once for the module."""
    from dagrun.loader import load_module
    from dagrun.runspec import ModuleRef, Source

    path = tmp_path_factory.mktemp("otel") / "flow_otel.py"
    path.write_text(FLOW)
    return load_module(ModuleRef(str(path), path.parent, Source("python", str(path))))


@pytest.fixture
def exporter() -> InMemorySpanExporter:
    return InMemorySpanExporter()


@pytest.fixture
def provider(exporter) -> TracerProvider:
    provider = TracerProvider()
    provider.add_span_processor(SimpleSpanProcessor(exporter))
    return provider


@pytest.fixture
def hook(provider) -> OpenTelemetryHook:
    return OpenTelemetryHook(tracer_provider=provider)


def _by_name(exporter: InMemorySpanExporter) -> dict[str, ReadableSpan]:
    spans = exporter.get_finished_spans()
    found = {span.name: span for span in spans}
    assert len(found) == len(spans), [span.name for span in spans]  # no span twice
    return found


def _assert_under_run(spans: dict[str, ReadableSpan]) -> ReadableSpan:
    """The one run span, and every other span is its child in its trace."""
    run = spans["dagrun.run"]
    for name, span in spans.items():
        if name == "dagrun.run":
            continue
        assert span.parent is not None, name
        assert span.parent.span_id == run.context.span_id, name
        assert span.context.trace_id == run.context.trace_id, name
    return run


def test_a_run_is_one_span_with_a_child_per_node(flow, hook, exporter):
    dr = Driver({}, flow, hooks=[hook])
    assert dr.execute(["doubled"], inputs={"x": 1}) == {"doubled": 4}

    spans = _by_name(exporter)
    assert set(spans) == {"dagrun.run", "raw", "doubled"}
    run = _assert_under_run(spans)
    assert run.attributes["dagrun.outputs"] == ("doubled",)
    assert run.attributes["dagrun.executor"] == "sequential"
    assert run.attributes["dagrun.status"] == "success"
    assert len(run.attributes["dagrun.run_id"]) > 0
    assert run.status.status_code is StatusCode.UNSET
    raw = spans["raw"]
    assert raw.attributes["dagrun.node"] == "raw"
    assert raw.attributes["dagrun.status"] == DONE
    assert raw.attributes["dagrun.cache_hit"] is False
    assert raw.attributes["dagrun.attempts"] == 1
    assert raw.attributes["dagrun.origin"].startswith(flow.__file__)
    # Nodes run in order inside the run's time.
    assert run.start_time <= raw.start_time <= raw.end_time <= spans["doubled"].start_time
    assert spans["doubled"].end_time <= run.end_time


def test_tags_become_attributes_that_opentelemetry_can_hold(flow, hook, exporter):
    Driver({}, flow).run(["doubled"], inputs={"x": 1}, hooks=[hook])

    spans = _by_name(exporter)
    assert spans["raw"].attributes["dagrun.tag.owner"] == "data"
    assert spans["raw"].attributes["dagrun.tag.stage"] == ("clean", "load")
    doubled = spans["doubled"].attributes
    assert doubled["dagrun.tag.weight"] == 3
    assert doubled["dagrun.tag.exact"] is True
    assert doubled["dagrun.tag.ratio"] == 0.5
    assert doubled["dagrun.tag.limits"] == "{'max': 9}"  # not a type OpenTelemetry takes


def test_a_failed_node_has_an_error_span_with_its_exception(flow, hook, exporter):
    result = Driver({}, flow).run(["doubled", "after_broken"], inputs={"x": 1}, hooks=[hook])
    assert result.status == "failed"

    spans = _by_name(exporter)
    assert set(spans) == {"dagrun.run", "raw", "doubled", "broken", "after_broken"}
    run = _assert_under_run(spans)
    assert run.status.status_code is StatusCode.ERROR
    assert "broken" in run.status.description
    assert run.attributes["dagrun.status"] == "failed"
    assert run.attributes["dagrun.failed_nodes"] == ("broken",)

    broken = spans["broken"]
    assert broken.attributes["dagrun.status"] == "failed"
    assert broken.status.status_code is StatusCode.ERROR
    assert "no good: 2" in broken.status.description
    (event,) = broken.events
    assert event.name == "exception"
    assert event.attributes["exception.type"] == "ValueError"  # the node's own, not dagrun's
    assert event.attributes["exception.message"] == "no good: 2"
    assert "raise ValueError" in event.attributes["exception.stacktrace"]

    skipped = spans["after_broken"]
    assert skipped.attributes["dagrun.status"] == "skipped"
    assert skipped.status.status_code is StatusCode.UNSET
    assert skipped.start_time == skipped.end_time
    assert spans["doubled"].status.status_code is StatusCode.UNSET


def test_execute_raises_and_still_closes_both_spans(flow, hook, exporter):
    dr = Driver({}, flow, hooks=[hook])
    with pytest.raises(Exception, match="no good"):
        dr.execute(["after_broken"], inputs={"x": 1})

    spans = _by_name(exporter)
    assert set(spans) == {"dagrun.run", "raw", "broken"}
    _assert_under_run(spans)
    assert spans["dagrun.run"].status.status_code is StatusCode.ERROR
    assert spans["broken"].status.status_code is StatusCode.ERROR


def test_a_cached_node_is_a_zero_length_cache_hit(flow, hook, exporter, tmp_path):
    dr = Driver({}, flow)
    first = dr.run(["doubled"], inputs={"x": 1}, cache=True, state_dir=tmp_path, hooks=[hook])
    assert first.ok
    assert _by_name(exporter)["doubled"].attributes["dagrun.cache_hit"] is False
    exporter.clear()

    again = dr.run(["doubled"], inputs={"x": 1}, cache=True, state_dir=tmp_path, hooks=[hook])
    assert again.ok
    spans = _by_name(exporter)
    assert set(spans) == {"dagrun.run", "raw", "doubled"}
    _assert_under_run(spans)
    for name in ("raw", "doubled"):
        span = spans[name]
        assert span.attributes["dagrun.status"] == "cached", name
        assert span.attributes["dagrun.cache_hit"] is True, name
        assert span.start_time == span.end_time, name


def test_a_retried_node_counts_its_attempts(flow, hook, exporter):
    calls: list[int] = []
    dr = Driver({}, flow, hooks=[hook])
    assert dr.execute(["flaky"], inputs={"calls": calls}) == {"flaky": 2}

    flaky = _by_name(exporter)["flaky"]
    assert flaky.attributes["dagrun.attempts"] == 2
    assert flaky.attributes["dagrun.status"] == DONE
    assert flaky.status.status_code is StatusCode.UNSET


@pytest.mark.parametrize("executor", ["sequential", "threads"])
def test_block_items_are_spans_named_by_their_position(flow, hook, exporter, executor):
    with Driver({}, flow, executor=executor, max_workers=3, hooks=[hook]) as dr:
        assert dr.execute(["shouted"], inputs={"words": ["a", "b", "c"]}) == {"shouted": "A,B,C"}

    spans = _by_name(exporter)
    assert set(spans) == {"dagrun.run", "word", "shout[0]", "shout[1]", "shout[2]", "shouted"}
    _assert_under_run(spans)
    for item in range(3):
        attributes = spans[f"shout[{item}]"].attributes
        assert attributes["dagrun.node"] == "shout"
        assert attributes["dagrun.item"] == item
        assert attributes["dagrun.status"] == DONE
    assert "dagrun.item" not in spans["shouted"].attributes


def test_threads_nodes_running_together_are_all_children_of_the_run(flow, hook, exporter):
    gate = threading.Barrier(4, timeout=10)  # breaks unless all four run at once
    with Driver({}, flow, executor="threads", max_workers=4, hooks=[hook]) as dr:
        assert dr.execute(["together"], inputs={"gate": gate}) == {"together": [0, 1, 2, 3]}

    spans = _by_name(exporter)
    assert set(spans) == {"dagrun.run", "w0", "w1", "w2", "w3", "together"}
    run = _assert_under_run(spans)
    assert run.attributes["dagrun.executor"] == "threads"
    workers = [spans[f"w{i}"] for i in range(4)]
    # They overlapped: each began before any of them ended.
    assert max(span.start_time for span in workers) <= min(span.end_time for span in workers)
    assert all(span.attributes["dagrun.status"] == DONE for span in workers)


def test_a_run_inside_the_callers_span_is_its_child(flow, provider, hook, exporter):
    tracer = provider.get_tracer("caller")
    with tracer.start_as_current_span("nightly job") as job:
        Driver({}, flow, hooks=[hook]).execute(["raw"], inputs={"x": 1})

    spans = _by_name(exporter)
    assert spans["dagrun.run"].parent.span_id == job.get_span_context().span_id
    assert spans["raw"].parent.span_id == spans["dagrun.run"].context.span_id


def test_a_node_the_run_ended_before_is_closed_as_interrupted(flow, hook, exporter):
    """Ctrl-C leaves a started node without an end: its span still ends, with the run."""
    dr = Driver({}, flow)
    start = RunStart("r1", ("doubled",), ("raw", "doubled"), ("x",), (), "sequential", dr.graph)
    hook.before_run(start)
    hook.before_node(Event(STARTED, "raw", 0), dr.graph.nodes["raw"])
    hook.after_node(Event(DONE, "raw", 0, duration_s=0.01), dr.graph.nodes["raw"])
    hook.before_node(Event(STARTED, "doubled", 1), dr.graph.nodes["doubled"])
    hook.after_run(start, RunEnd("interrupted", {}, {}, 0.5))

    spans = _by_name(exporter)
    assert set(spans) == {"dagrun.run", "raw", "doubled"}
    run = _assert_under_run(spans)
    assert run.attributes["dagrun.run_id"] == "r1"
    assert run.attributes["dagrun.status"] == "interrupted"
    assert run.status.status_code is StatusCode.ERROR
    assert spans["raw"].end_time - spans["raw"].start_time >= 10_000_000  # its 0.01 s
    doubled = spans["doubled"]
    assert doubled.attributes["dagrun.status"] == "interrupted"
    assert doubled.status.status_code is StatusCode.ERROR
    assert doubled.end_time == run.end_time
    assert doubled.attributes["dagrun.tag.weight"] == 3  # the node's tags, from the graph


def test_a_tracer_or_a_provider_not_both(provider):
    with pytest.raises(ValueError, match="not both"):
        OpenTelemetryHook(provider.get_tracer("x"), tracer_provider=provider)


def test_a_given_tracer_makes_the_spans(flow, provider, exporter):
    hook = OpenTelemetryHook(provider.get_tracer("mine", "9.9"))
    Driver({}, flow, hooks=[hook]).execute(["raw"], inputs={"x": 1})
    spans = _by_name(exporter)
    assert {span.instrumentation_scope.name for span in spans.values()} == {"mine"}


def test_the_default_tracer_is_named_dagrun(flow, hook, exporter):
    import dagrun

    Driver({}, flow, hooks=[hook]).execute(["raw"], inputs={"x": 1})
    scopes = {span.instrumentation_scope for span in _by_name(exporter).values()}
    assert {(scope.name, scope.version) for scope in scopes} == {("dagrun", dagrun.__version__)}


def test_without_opentelemetry_the_error_says_what_to_install(monkeypatch):
    monkeypatch.setitem(sys.modules, "opentelemetry", None)  # as if not installed
    with pytest.raises(ImportError, match=r"pip install 'dagrun\[otel\]'.*opentelemetry-sdk"):
        OpenTelemetryHook()


def test_importing_dagrun_and_the_module_loads_no_opentelemetry():
    code = (
        "import sys, dagrun, dagrun.telemetry; "
        "print(sorted(m for m in sys.modules if m.startswith('opentelemetry')))"
    )
    ran = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=True
    )
    assert ran.stdout.strip() == "[]"
