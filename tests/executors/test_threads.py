"""The threads executor passes the shared suite; waits overlap, pools hold them back."""

import time

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
