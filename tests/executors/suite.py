"""The executor suite: every backend's test module inherits ``ExecutorSuite``.

A backend is done when it passes this suite unchanged: the same results,
events, errors, retries, timeouts and pools as the sequential executor, with
real waits and real failures. Subclasses set ``executor`` and may override the
``executor_options`` fixture (the Dask suite passes its cluster's address).
"""

from __future__ import annotations

import importlib.util
import os
import shutil
import signal
import subprocess
import sys
import textwrap
import time
import uuid
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

import dagrun
from dagrun.executors.events import DONE, FAILED, SKIPPED, Event

FLOWS = Path(__file__).resolve().parents[1] / "flows"


def load_flow(name: str, directory: Path = FLOWS) -> Any:
    """Import ``directory/name.py`` under a fresh module name, as the CLI loads a flow file."""
    module_name = f"flow_{name}_{uuid.uuid4().hex[:8]}"
    spec = importlib.util.spec_from_file_location(module_name, directory / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[module_name] = module
    spec.loader.exec_module(module)
    return module


class Recorder:
    """An observer keeping every event."""

    def __init__(self) -> None:
        self.events: list[Event] = []

    def __call__(self, event: Event) -> None:
        self.events.append(event)

    def kinds(self) -> Counter[tuple[str, str, int | None]]:
        return Counter((event.kind, event.node, event.item) for event in self.events)

    def last(self, node: str) -> Event:
        return [event for event in self.events if event.node == node][-1]


def max_overlap(lines: list[str]) -> int:
    """The most calls running at once, from ``start end`` lines."""
    marks = []
    for line in lines:
        start, end = map(float, line.split())
        marks += [(start, 1), (end, -1)]
    running = peak = 0
    for _, change in sorted(marks, key=lambda mark: (mark[0], mark[1])):
        running += change
        peak = max(peak, running)
    return peak


class ExecutorSuite:
    executor = "sequential"
    workers = 2
    remote = False  # nodes run in other processes

    @pytest.fixture
    def executor_options(self) -> dict[str, Any]:
        return {}

    @pytest.fixture
    def make_driver(self, executor_options):
        drivers: list[dagrun.Driver] = []

        def make(*modules: Any, config: dict[str, Any] | None = None, **kwargs: Any):
            options = {"max_workers": self.workers, **executor_options, **kwargs}
            driver = dagrun.Driver(config or {}, *modules, executor=self.executor, **options)
            drivers.append(driver)
            return driver

        yield make
        for driver in drivers:
            driver.close()

    def run(self, driver, outputs, inputs, keep_going=False):
        """Run through the executor with a recorder; (outcome, recorder, plan)."""
        plan = driver.plan(outputs, inputs)
        recorder = Recorder()
        values = driver.seed_values(plan, inputs, {})
        outcome = driver.runner.run(plan, values, [recorder], keep_going)
        return outcome, recorder, plan

    # ---- results ---------------------------------------------------------------

    def test_diamond_gives_the_sequential_results(self, make_driver):
        """Both branches of a diamond and the branch beside it reach the final node."""
        driver = make_driver(load_flow("branches"))
        result = driver.execute(["final", "joined"], inputs={"x": 4, "fail": False})
        assert result == {"final": 2500 - 5, "joined": 25}

    def test_block_collects_every_item_in_order(self, make_driver):
        """Each item runs the block once; the collector sees the results in item order."""
        driver = make_driver(load_flow("fanout"))
        numbers = [5, 1, 4, 2, 3, 0, 6]
        result = driver.execute(["labels", "report"], inputs={"numbers": numbers, "shift": 10})
        assert result["labels"] == [f"#{n * n + 10}" for n in numbers]
        assert result["report"].startswith("7 labels, shift 10: #35 #11")

    def test_block_without_items_collects_an_empty_list(self, make_driver):
        """A Parallelizable that yields nothing gives its collector an empty list."""
        driver = make_driver(load_flow("fanout"))
        assert driver.execute(["labels"], inputs={"numbers": [], "shift": 1}) == {"labels": []}

    def test_flow_file_need_not_exist_where_nodes_run(self, make_driver, tmp_path):
        """A flow imported from a file runs after the file is gone: functions travel by value."""
        copy = tmp_path / "gone"
        copy.mkdir()
        shutil.copy(FLOWS / "fanout.py", copy / "fanout.py")
        module = load_flow("fanout", copy)
        shutil.rmtree(copy)
        driver = make_driver(module)
        result = driver.execute(["report"], inputs={"numbers": [1, 2], "shift": 0})
        assert result == {"report": "2 labels, shift 0: #1 #4"}

    def test_intermediates_are_released_after_their_last_reader(self, make_driver):
        """Only the requested outputs still hold values when the run ends."""
        driver = make_driver(load_flow("branches"))
        outcome, _, plan = self.run(driver, ["final"], {"x": 1, "fail": False})
        held = [slot for slot, value in enumerate(outcome.values) if value is not None]
        assert held == [plan.slots["final"]]

    # ---- chains --------------------------------------------------------------------

    def test_chain_runs_in_one_process(self, make_driver):
        """Steps that each read only the one before run where the first ran, in order."""
        driver = make_driver(load_flow("chained"))
        result = driver.execute(["finish", "beside"], inputs={"x": 5})
        assert result["finish"]["x"] == 11 and result["beside"] == 105
        pids = result["finish"]["pids"]
        assert len(pids) == 4 and len(set(pids)) == 1
        assert (pids[0] != os.getpid()) == self.remote

    def test_chain_reports_each_step_in_order(self, make_driver):
        """Every step of a chain starts and ends once, in the sequential executor's order."""
        flow = load_flow("chained")
        _, recorder, _ = self.run(make_driver(flow), ["finish"], {"x": 1})
        _, expected, _ = self.run(dagrun.Driver({}, flow), ["finish"], {"x": 1})
        seen = [(event.kind, event.node) for event in recorder.events]
        assert seen == [(event.kind, event.node) for event in expected.events]
        assert recorder.last("finish").value["x"] == 3

    def test_chain_steps_are_reported_as_they_happen(self, make_driver, tmp_path):
        """Each step's end reaches observers while the chain runs on, not when it ends."""
        driver = make_driver(load_flow("slow_chain"))
        inputs = {"log": str(tmp_path / "steps.log")}
        plan = driver.plan(["step5"], inputs)
        heard: list[tuple[float, str, str]] = []

        def observe(event: Event) -> None:
            heard.append((time.perf_counter(), event.kind, event.node))

        driver.runner.run(plan, driver.seed_values(plan, inputs, {}), [observe])
        when = {(kind, node): moment for moment, kind, node in heard}
        assert [(kind, node) for _, kind, node in heard if kind == DONE] == [
            (DONE, f"step{i}") for i in range(6)
        ]
        assert when[(DONE, "step5")] - when[(DONE, "step1")] > 0.3  # four 0.1 s steps between

    def test_failure_inside_a_chain_skips_the_rest_of_it(self, make_driver):
        """A step failing midway is the run's error; the steps after it are skipped."""
        driver = make_driver(load_flow("chained"))
        outcome, recorder, plan = self.run(driver, ["finish", "beside"], {"x": -1}, True)
        assert list(outcome.errors) == ["double"]
        assert outcome.errors["double"].origin.line == 14
        assert sorted(outcome.skipped) == ["finish", "plus_one"]
        assert outcome.values[plan.slots["beside"]] == 99
        assert [recorder.last(node).kind for node in ("start", "double", "finish")] == [
            DONE,
            FAILED,
            SKIPPED,
        ]
        with pytest.raises(dagrun.NodeError, match="double refuses a negative x"):
            driver.execute(["finish"], inputs={"x": -1})

    # ---- events and failures -----------------------------------------------------

    def test_events_match_the_sequential_executor(self, make_driver):
        """Every executor reports the same started/done events per node and item."""
        flow = load_flow("fanout")
        inputs = {"numbers": [3, 1, 2], "shift": 0}
        _, recorder, _ = self.run(make_driver(flow), ["report"], inputs)
        reference = dagrun.Driver({}, flow)
        _, expected, _ = self.run(reference, ["report"], inputs)
        assert recorder.kinds() == expected.kinds()
        assert recorder.kinds()[(DONE, "label", 2)] == 1

    def test_fail_fast_raises_the_node_error_with_its_cause(self, make_driver):
        """The first failure stops the run as a NodeError chained to the node's exception."""
        driver = make_driver(load_flow("branches"))
        with pytest.raises(dagrun.NodeError, match="fragile was told to fail") as caught:
            driver.execute(["final"], inputs={"x": 1, "fail": True})
        assert caught.value.node == "fragile"
        assert isinstance(caught.value.__cause__, ValueError)
        assert str(caught.value.origin).endswith("branches.py:25")

    def test_keep_going_skips_dependents_and_runs_the_rest(self, make_driver):
        """With keep-going, a failure skips its dependents and everything else completes."""
        driver = make_driver(load_flow("branches"))
        outcome, recorder, _ = self.run(driver, ["final", "joined"], {"x": 1, "fail": True}, True)
        assert list(outcome.errors) == ["fragile"]
        assert sorted(outcome.skipped) == ["after_fragile", "final"]
        assert outcome.values[driver.plan(["final", "joined"], {"x", "fail"}).slots["joined"]] == 10
        assert recorder.last("fragile").kind == FAILED
        assert recorder.last("final").kind == SKIPPED

    def test_failed_item_fails_the_block_and_skips_the_collector(self, make_driver):
        """One bad item fails its node for that item; the collector and after are skipped."""
        driver = make_driver(load_flow("fanout"))
        inputs = {"numbers": [1, -2, 3], "shift": 0}
        outcome, recorder, _ = self.run(driver, ["report"], inputs, keep_going=True)
        assert list(outcome.errors) == ["shifted_square"]
        assert sorted(outcome.skipped) == ["labels", "report"]
        assert recorder.kinds()[(FAILED, "shifted_square", 1)] == 1
        with pytest.raises(dagrun.NodeError, match="item -2 is negative"):
            driver.execute(["report"], inputs=inputs)

    # ---- retries, timeouts, pools ----------------------------------------------

    def test_retry_recovers_after_real_failures(self, make_driver, tmp_path):
        """A node refused twice succeeds on its third attempt, after two backoff waits."""
        driver = make_driver(load_flow("steered"))
        outcome, recorder, plan = self.run(
            driver, ["flaky"], {"log_dir": str(tmp_path), "failures": 2}
        )
        assert outcome.values[plan.slots["flaky"]] == "ok on attempt 3"
        done = recorder.last("flaky")
        assert (done.kind, done.attempts) == (DONE, 3)
        assert done.waited_s == pytest.approx(0.05 + 0.10, abs=0.02)

    def test_retry_gives_up_after_its_times(self, make_driver, tmp_path):
        """A node that keeps failing is called times + 1 times, then fails."""
        driver = make_driver(load_flow("steered"))
        inputs = {"log_dir": str(tmp_path), "failures": 10}
        outcome, recorder, _ = self.run(driver, ["flaky"], inputs, keep_going=True)
        assert isinstance(outcome.errors["flaky"], dagrun.NodeError)
        assert recorder.last("flaky").attempts == 4
        assert len((tmp_path / "flaky.log").read_text().splitlines()) == 4

    def test_retry_leaves_other_exceptions_alone(self, make_driver, tmp_path):
        """An exception outside ``on`` fails the node at once."""
        driver = make_driver(load_flow("steered"))
        with pytest.raises(dagrun.NodeError, match="not a connection problem"):
            driver.execute(["wrong_kind"], inputs={"log_dir": str(tmp_path)})
        assert len((tmp_path / "wrong_kind.log").read_text().splitlines()) == 1

    def test_timeout_fails_a_node_that_hangs(self, make_driver):
        """A node past its timeout fails with TimeoutError well before it would finish."""
        driver = make_driver(load_flow("steered"))
        started = time.perf_counter()
        with pytest.raises(dagrun.NodeError, match="TimeoutError") as caught:
            driver.execute(["sleepy"], inputs={"sleep_s": 3.0})
        assert time.perf_counter() - started < 2.5
        assert isinstance(caught.value.__cause__, TimeoutError)

    def test_timeout_lets_a_quick_node_through(self, make_driver):
        """A node inside its timeout returns its value."""
        driver = make_driver(load_flow("steered"))
        assert driver.execute(["sleepy"], inputs={"sleep_s": 0.01}) == {"sleepy": 0.01}

    def test_timed_out_attempt_is_retried(self, make_driver, tmp_path):
        """A retry on TimeoutError runs the node again after its first attempt hangs."""
        driver = make_driver(load_flow("steered"))
        _, recorder, _ = self.run(driver, ["slow_then_fast"], {"log_dir": str(tmp_path)})
        done = recorder.last("slow_then_fast")
        assert (done.kind, done.value, done.attempts) == (DONE, 2, 2)

    def test_run_file_retry_replaces_the_decorator(self, make_driver, tmp_path):
        """``runtime={"retries": ...}`` retries a node on the exceptions it names."""
        runtime = {"retries": {"wrong_kind": {"times": 1, "on": ["ValueError"], "backoff": 0}}}
        driver = make_driver(load_flow("steered"), runtime=runtime)
        outcome, recorder, _ = self.run(driver, ["wrong_kind"], {"log_dir": str(tmp_path)}, True)
        assert recorder.last("wrong_kind").attempts == 2
        assert "wrong_kind" in outcome.errors

    def test_pool_caps_concurrent_calls(self, make_driver, tmp_path):
        """Nodes tagged with a pool of size 1 never overlap, whatever the worker count."""
        driver = make_driver(load_flow("steered"), runtime={"pools": {"api": 1}})
        assert driver.execute(["calls"], inputs={"log_dir": str(tmp_path)}) == {"calls": "abcd"}
        assert max_overlap((tmp_path / "calls.log").read_text().splitlines()) == 1

    def test_pool_caps_block_items(self, make_driver, tmp_path):
        """Items whose node draws on a pool of size 1 run one at a time, results in order."""
        driver = make_driver(load_flow("pooled_fanout"), runtime={"pools": {"api": 1}})
        result = driver.execute(
            ["answers"], inputs={"docs": list("abcd"), "log_dir": str(tmp_path)}
        )
        assert result == {"answers": ["A", "B", "C", "D"]}
        assert max_overlap((tmp_path / "calls.log").read_text().splitlines()) == 1

    # ---- interruption --------------------------------------------------------------

    def test_ctrl_c_cancels_pending_work(self, tmp_path, executor_options):
        """SIGINT stops the run promptly with KeyboardInterrupt; queued nodes never start."""
        (tmp_path / "sleepers.py").write_text(SLEEPERS)
        script = tmp_path / "run.py"
        options = {"max_workers": self.workers, **executor_options}
        script.write_text(INTERRUPTED_RUN.format(executor=self.executor, options=options))
        process = subprocess.Popen(
            [sys.executable, str(script)], cwd=tmp_path, stdout=subprocess.PIPE, text=True
        )
        assert process.stdout.readline().strip() == "running"
        os.kill(process.pid, signal.SIGINT)
        started = time.perf_counter()
        out, _ = process.communicate(timeout=30)
        assert out.strip() == "interrupted"
        assert time.perf_counter() - started < 5
        assert len((tmp_path / "started.log").read_text().splitlines()) < 12


SLEEPERS = "\n".join(
    [
        "import time",
        "from pathlib import Path",
        "",
        *(
            f"def s{i}(log: str) -> int:\n"
            f"    with Path(log).open('a') as f:\n"
            f"        f.write('{i}\\n')\n"
            f"    time.sleep(0.4)\n"
            f"    return {i}\n"
            for i in range(12)
        ),
    ]
)

INTERRUPTED_RUN = textwrap.dedent(
    """
    import sys, threading, time
    from pathlib import Path
    import dagrun
    import sleepers

    if __name__ == "__main__":
        driver = dagrun.Driver({{}}, sleepers, executor="{executor}", **{options!r})
        log = Path("started.log").resolve()
        log.touch()

        def announce():
            while not log.read_text():
                time.sleep(0.01)
            print("running", flush=True)

        threading.Thread(target=announce, daemon=True).start()
        try:
            driver.execute([f"s{{i}}" for i in range(12)], inputs={{"log": str(log)}})
        except KeyboardInterrupt:
            print("interrupted", flush=True)
    """
)
