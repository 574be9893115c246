"""The threads executor passes the shared suite; waits overlap, pools hold them back."""

import time

import pytest

import dagrun

from .suite import ExecutorSuite, load_flow, max_overlap


class TestThreads(ExecutorSuite):
    executor = "threads"
    workers = 4


def test_unpooled_calls_overlap(tmp_path):
    """Without a pool size, the four tagged calls run at once on four threads."""
    driver = dagrun.Driver({}, load_flow("steered"), executor="threads", max_workers=4)
    started = time.perf_counter()
    driver.execute(["calls"], inputs={"log_dir": str(tmp_path)})
    assert time.perf_counter() - started < 0.5
    assert max_overlap((tmp_path / "calls.log").read_text().splitlines()) == 4
    driver.close()


def test_pool_of_two_runs_two_at_a_time(tmp_path):
    """A pool of size 2 lets exactly two of the tagged calls overlap."""
    driver = dagrun.Driver(
        {}, load_flow("steered"), executor="threads", max_workers=4, runtime={"pools": {"api": 2}}
    )
    driver.execute(["calls"], inputs={"log_dir": str(tmp_path)})
    assert max_overlap((tmp_path / "calls.log").read_text().splitlines()) == 2
    driver.close()


def test_block_items_overlap_up_to_the_pool_size(tmp_path):
    """Four items on four threads with a pool of 2: two calls at a time."""
    driver = dagrun.Driver(
        {},
        load_flow("pooled_fanout"),
        executor="threads",
        max_workers=4,
        runtime={"pools": {"api": 2}},
    )
    result = driver.execute(["answers"], inputs={"docs": list("abcd"), "log_dir": str(tmp_path)})
    assert result == {"answers": ["A", "B", "C", "D"]}
    assert max_overlap((tmp_path / "calls.log").read_text().splitlines()) == 2
    driver.close()


def test_a_failure_stops_a_chain_running_on_another_thread(tmp_path):
    """Fail-fast: a chain on a worker thread stops at its next step once another node fails."""
    log = tmp_path / "steps.log"
    driver = dagrun.Driver({}, load_flow("slow_chain"), executor="threads", max_workers=2)
    started = time.perf_counter()
    with pytest.raises(dagrun.NodeError, match="broken gives up"):
        driver.execute(["step5", "broken"], inputs={"log": str(log)})
    elapsed = time.perf_counter() - started
    driver.close()
    ran = log.read_text().split()
    assert 1 <= len(ran) <= 3 and ran == [f"step{i}" for i in range(len(ran))]
    assert elapsed < 0.45  # the whole chain would take 0.6 s
