"""The scheduler agrees with the sequential loop on random DAGs, failures included."""

import sys
import types
from collections import Counter

from hypothesis import given, settings
from hypothesis import strategies as st

import dagrun
from dagrun.executors.scheduler import run_scheduled
from dagrun.executors.sequential import run_plan
from dagrun.executors.threads import ThreadBackend

BACKEND = ThreadBackend(4)  # one set of threads for every example


@st.composite
def dags(draw):
    """Nodes n0..n<k>, each reading a random subset of earlier ones; some raise."""
    size = draw(st.integers(1, 14))
    deps = [
        sorted(draw(st.sets(st.integers(0, i - 1), max_size=3))) if i else [] for i in range(size)
    ]
    failing = draw(st.sets(st.integers(0, size - 1), max_size=2))
    outputs = sorted(draw(st.sets(st.integers(0, size - 1), min_size=1, max_size=4)))
    return deps, failing, outputs


def module_for(deps, failing):
    lines = []
    for index, reads in enumerate(deps):
        params = ", ".join(f"n{d}: int" for d in reads) or "x: int"
        total = " + ".join(f"n{d}" for d in reads) or "x"
        body = f"raise ValueError('n{index}')" if index in failing else f"return {total} + {index}"
        lines.append(f"def n{index}({params}) -> int:\n    {body}\n")
    module = types.ModuleType("random_dag")
    exec("\n".join(lines), module.__dict__)
    for value in vars(module).values():
        if isinstance(value, types.FunctionType):
            value.__module__ = "random_dag"
    sys.modules["random_dag"] = module
    return module


def run_both(driver, outputs):
    plan = driver.plan(outputs, ["x"])
    results = []
    for run in (run_plan, lambda *args: run_scheduled(args[0], args[1], BACKEND, *args[2:])):
        events = []
        values = driver.seed_values(plan, {"x": 1}, {})
        outcome = run(plan, values, [events.append], True)
        results.append((outcome, Counter((e.kind, e.node) for e in events)))
    return plan, results


@settings(max_examples=60, deadline=None)
@given(dags())
def test_threads_match_sequential_on_random_dags(dag):
    """Same outputs, errors, skips and events; only the outputs are still held at the end."""
    deps, failing, outputs = dag
    driver = dagrun.Driver({}, module_for(deps, failing))
    names = [f"n{i}" for i in outputs]
    plan, ((expected, expected_events), (actual, actual_events)) = run_both(driver, names)
    assert sorted(actual.errors) == sorted(expected.errors)
    assert sorted(actual.skipped) == sorted(expected.skipped)
    assert actual_events == expected_events
    assert actual.values == expected.values
    kept = {slot for _, slot in plan.outputs}
    assert all(value is None for slot, value in enumerate(actual.values) if slot not in kept)
