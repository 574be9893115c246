"""The processes executor passes the shared suite, and survives a worker that dies."""

import pytest

import dagrun

from .suite import ExecutorSuite, load_flow


class TestProcesses(ExecutorSuite):
    executor = "processes"
    remote = True


def test_dead_worker_fails_its_node_and_the_next_run_gets_fresh_workers():
    """A node that kills its worker is a NodeError; the pool is replaced for the next run."""
    driver = dagrun.Driver({}, load_flow("crash"), executor="processes", max_workers=2)
    with pytest.raises(dagrun.NodeError, match="could not run on the processes executor"):
        driver.execute(["doomed"], inputs={"code": 3})
    assert driver.execute(["fine"], inputs={"code": 3}) == {"fine": 6}
    driver.close()
