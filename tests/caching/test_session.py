"""One cached run: top-down decisions, a rewritten plan, reuse found while running."""

import importlib.util
import pickle
import subprocess
import sys
import textwrap
import threading
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace

import pytest

from dagrun.caching import Store, prepare
from dagrun.executors.events import CACHED, DONE, STARTED
from dagrun.executors.sequential import run_plan
from dagrun.graph import Graph
from dagrun.modifiers.resolve import nodes_from_modules
from dagrun.plan import compile_plan

FLOW = """
CALLS = []


def clip(a: int) -> int:
    CALLS.append("clip")
    return min(a, 10)


def double(clip: int) -> int:
    CALLS.append("double")
    return clip * 2


def side(b: int) -> int:
    CALLS.append("side")
    return b + 1


def total(double: int, side: int) -> int:
    CALLS.append("total")
    return double + side
"""


@pytest.fixture(autouse=True)
def _forget_flow_modules():
    """Each test imports its own flow modules; leave sys.modules as it was."""
    before = set(sys.modules)
    yield
    for name in set(sys.modules) - before:
        if name.endswith("_flow"):
            del sys.modules[name]


def load(tmp_path, source=FLOW, name="session_flow"):
    path = tmp_path / f"{name}.py"
    path.write_text(textwrap.dedent(source))
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


class Runner:
    """Runs one flow through the cache the way ``dagrun execute`` does."""

    def __init__(self, tmp_path, module, meta=None):
        self.module = module
        nodes = [
            replace(n, meta={"cache": {"behavior": meta[n.name]}}) if n.name in (meta or {}) else n
            for n in nodes_from_modules([module], {})
        ]
        self.graph = Graph(nodes)
        self.state = tmp_path / ".dagrun"

    def __call__(self, outputs=("total",), force=(), **inputs):
        inputs = {"a": 1, "b": 1, **inputs}
        plan = compile_plan(self.graph, list(outputs), inputs=list(inputs))
        values = [None] * plan.size
        for seed in plan.seeds:
            values[seed.slot] = inputs[seed.name]
        self.module.CALLS.clear()  # read by every function: it counts by value
        run = prepare(Store(self.state), plan, values, force=force)
        events = []
        run_plan(run.plan, values, run.start([events.append]))
        run.finish()
        self.events = [(e.kind, e.node) for e in events if e.kind != STARTED]
        self.calls = list(self.module.CALLS)
        self.run, self.plan, self.values = run, plan, values
        return values[plan.slots[outputs[0]]]


def test_cold_then_warm_reuses_everything_and_loads_only_the_output(tmp_path):
    """A warm rerun runs nothing and loads the requested output's value, no intermediate."""
    runner = Runner(tmp_path, load(tmp_path))
    assert runner(a=3) == 8
    assert runner.calls == ["clip", "double", "side", "total"]
    assert runner(a=3) == 8
    assert runner.calls == []
    assert runner.run.plan.steps == ()
    assert runner.values[runner.plan.slots["double"]] is None
    assert set(runner.events) == {(CACHED, n) for n in ("clip", "double", "side", "total")}


def test_only_what_changed_runs(tmp_path):
    """A new value of b reruns side and total; clip and double are reused, not even loaded."""
    runner = Runner(tmp_path, load(tmp_path))
    runner(a=3, b=1)
    assert runner(a=3, b=5) == 12
    assert runner.calls == ["side", "total"]
    assert runner.values[runner.plan.slots["clip"]] is None
    assert runner.run.decisions["side"].reason == "input b changed: 1 → 5"


def test_same_value_from_a_rerun_node_reuses_its_consumers(tmp_path):
    """clip(20) and clip(30) are both 10, so double is reused after clip reruns."""
    runner = Runner(tmp_path, load(tmp_path))
    runner(a=20)
    assert runner(a=30) == 22
    assert runner.calls == ["clip"]
    assert (CACHED, "double") in runner.events and (CACHED, "total") in runner.events
    assert runner.run.decisions["double"].action == "reuse"


def test_force_recomputes_the_node_and_everything_downstream(tmp_path):
    """Forcing clip reruns clip, double and total even with equal values."""
    runner = Runner(tmp_path, load(tmp_path))
    runner()
    runner(force=["clip"])
    assert runner.calls == ["clip", "double", "total"]
    assert runner.run.decisions["double"].reason == "forced"


def test_recompute_behavior_always_runs_but_feeds_cut_off(tmp_path):
    """A recompute node runs every time; an unchanged value leaves consumers reused."""
    runner = Runner(tmp_path, load(tmp_path), meta={"clip": "recompute"})
    runner()
    runner()
    assert runner.calls == ["clip"]
    assert runner.run.decisions["clip"].reason == '@cache(behavior="recompute")'


def test_disable_behavior_stores_nothing_and_reruns_consumers(tmp_path):
    """A disabled node is never stored and its readers rerun; further down, cut-off applies."""
    runner = Runner(tmp_path, load(tmp_path), meta={"clip": "disable"})
    runner()
    runner()
    assert runner.calls == ["clip", "double"]
    assert runner.run.decisions["double"].reason == "upstream clip is not cached"
    assert Store(tmp_path / ".dagrun").latest("clip") is None


def test_ignore_behavior_leaves_the_value_out_of_consumers_keys(tmp_path):
    """Consumers of an ignored node are reused even when its value changes; it is not run."""
    runner = Runner(tmp_path, load(tmp_path), meta={"side": "ignore"})
    runner(b=1)
    assert runner(b=2) == 4  # double(clip(1)) + side(1), as first stored
    assert runner.calls == []
    assert runner.run.decisions["side"].action == "skip"


def test_unpicklable_results_are_not_stored_and_their_readers_rerun(tmp_path):
    """A lock cannot be stored: its node and readers run every time, without failing."""
    source = """
    import threading
    CALLS = []

    def lock(a: int) -> object:
        CALLS.append("lock")
        return threading.Lock()

    def total(lock: object) -> int:
        CALLS.append("total")
        return 1
    """
    runner = Runner(tmp_path, load(tmp_path, source, "lock_flow"))
    runner()
    runner()
    assert runner.calls == ["lock", "total"]


def test_unfingerprintable_input_makes_its_readers_run(tmp_path):
    """An input with no fingerprint (a lock) makes every reader run, and says so."""
    lock = threading.Lock()
    source = "CALLS = []\n\ndef total(b: object) -> int:\n    CALLS.append('total')\n    return 1\n"
    runner = Runner(tmp_path, load(tmp_path, source, "input_flow"))
    runner(b=lock)
    runner(b=lock)
    assert runner.calls == ["total"]
    assert runner.run.decisions["total"].reason == "input b cannot be fingerprinted"


def test_a_dry_run_decides_without_loading(tmp_path):
    """``dry_run`` decides every node and leaves the slots empty."""
    runner = Runner(tmp_path, load(tmp_path))
    runner()
    plan = compile_plan(runner.graph, ["total"], inputs=["a", "b"])
    values = [None] * plan.size
    for seed in plan.seeds:
        values[seed.slot] = 1
    runner.module.CALLS.clear()
    run = prepare(Store(tmp_path / ".dagrun"), plan, values, dry_run=True)
    assert {d.action for d in run.decisions.values()} == {"reuse"}
    assert values[plan.slots["total"]] is None


CHILD = """
import pickle, sys
sys.path.insert(0, sys.argv[1])
call = pickle.loads(sys.stdin.buffer.read())
print(call(4))
"""


def test_cached_call_pickles_to_another_process(tmp_path):
    """A step's cached callable runs and stores from a worker process."""
    runner = Runner(tmp_path, load(tmp_path))
    runner(a=3)
    plan = compile_plan(runner.graph, ["total"], inputs=["a", "b"])
    values = [None] * plan.size
    for seed in plan.seeds:
        values[seed.slot] = {"a": 4, "b": 1}[seed.name]
    run = prepare(Store(tmp_path / ".dagrun"), plan, values)
    clip_step = next(step for step in run.plan.steps if step.name == "clip")
    result = subprocess.run(
        [sys.executable, "-c", CHILD, str(tmp_path)],
        input=pickle.dumps(clip_step.fn),
        capture_output=True,
        check=True,
    )
    assert result.stdout.strip() == b"4"
    assert Store(tmp_path / ".dagrun").latest("clip").inputs["a"][1] == "4"


def test_concurrent_calls_on_threads_store_every_result(tmp_path):
    """Cached callables called from many threads at once all store their results."""
    source = "CALLS = []\n" + "".join(
        f"\ndef n{i}(a: int) -> int:\n    return a + {i}\n" for i in range(40)
    )
    runner = Runner(tmp_path, load(tmp_path, source, "wide_flow"))
    names = [f"n{i}" for i in range(40)]
    plan = compile_plan(runner.graph, names, inputs=["a"])
    values = [None] * plan.size
    values[plan.slots["a"]] = 1
    run = prepare(Store(tmp_path / ".dagrun"), plan, values)
    with ThreadPoolExecutor(8) as pool:
        results = list(pool.map(lambda step: step.fn(1), run.plan.steps))
    run.finish()
    assert results == [1 + i for i in range(40)]
    again = prepare(Store(tmp_path / ".dagrun"), plan, list(values))
    assert again.plan.steps == ()


def test_observers_see_done_turned_into_cached_for_reuse_found_while_running(tmp_path):
    """A reuse decided while running reaches observers as ``cached``, not ``done``."""
    runner = Runner(tmp_path, load(tmp_path))
    runner(a=20)
    runner(a=30)
    assert (DONE, "clip") in runner.events
    assert (DONE, "double") not in runner.events


FANOUT = """
from dagrun import Collect, Parallelizable

CALLS = []


def number(numbers: list) -> Parallelizable[int]:
    yield from numbers


def squared(number: int) -> int:
    CALLS.append(f"squared {number}")
    return number * number


def total(squared: Collect[int]) -> int:
    CALLS.append("total")
    return sum(squared)
"""


@pytest.mark.parametrize("kind", ["sequential", "threads"])
def test_parallelizable_items_are_cached_one_by_one(tmp_path, kind):
    """A new item runs its per-item nodes; items seen before are reused."""
    from dagrun.executors import make_executor

    runner = Runner(tmp_path, load(tmp_path, FANOUT, "fanout_flow"))
    executor = make_executor(kind, 2)

    def run(numbers):
        plan = compile_plan(runner.graph, ["total"], inputs=["numbers"])
        values = [None] * plan.size
        values[plan.slots["numbers"]] = numbers
        runner.module.CALLS.clear()
        run = prepare(Store(tmp_path / ".dagrun"), plan, values)
        executor.run(run.plan, values)
        run.finish()
        return values[plan.slots["total"]], sorted(runner.module.CALLS)

    try:
        assert run([1, 2, 3]) == (14, ["squared 1", "squared 2", "squared 3", "total"])
        assert run([1, 2, 3]) == (14, [])
        assert run([1, 2, 3, 4]) == (30, ["squared 4", "total"])
    finally:
        executor.close()


@pytest.mark.parametrize("kind", ["sequential", "threads", "processes"])
def test_reused_items_are_recorded_cached(tmp_path, kind):
    """Per-item reuse shows in the record: items seen before count as cached, new ones done."""
    from dagrun.executors import make_executor
    from dagrun.hooks import node_observers
    from dagrun.runs import RunRecorder

    runner = Runner(tmp_path, load(tmp_path, FANOUT, "fanout_items_flow"))
    executor = make_executor(kind, 2, modules=[runner.module])

    def run(numbers):
        plan = compile_plan(runner.graph, ["total"], inputs=["numbers"])
        values = [None] * plan.size
        values[plan.slots["numbers"]] = numbers
        runner.module.CALLS.clear()  # a global the nodes read: part of their code's key
        run = prepare(Store(tmp_path / ".dagrun"), plan, values)
        recorder = RunRecorder(plan.names)
        executor.run(run.plan, values, run.start(node_observers([recorder], runner.graph.nodes)))
        run.finish()
        return recorder.nodes

    try:
        run([1, 2, 3])
        nodes = run([1, 2, 3, 4])
    finally:
        executor.close()
    assert nodes["squared"]["items"] == {"cached": 3, "done": 1}
    assert nodes["total"]["status"] == "done"
