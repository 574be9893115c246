"""The dask executor passes the shared suite on a real cluster on 127.0.0.1.

The ``dask_address`` fixture (conftest) is a real scheduler and two workers
working in a directory without the test flows, so every function a worker
runs must have travelled by value.
"""

import time

import pytest

import dagrun

from .conftest import free_port
from .suite import ExecutorSuite, load_flow


class TestDask(ExecutorSuite):
    executor = "dask"
    remote = True

    @pytest.fixture
    def executor_options(self, dask_address):
        return {"address": dask_address}


def test_nodes_run_on_the_workers(dask_address):
    """Node functions run in the worker processes, not in the client."""
    import os

    driver = dagrun.Driver({}, load_flow("where"), executor="dask", address=dask_address)
    pids = driver.execute(["pids"], inputs={"count": 6})["pids"]
    driver.close()
    assert os.getpid() not in pids
    assert len(set(pids)) == 2


def test_unreachable_scheduler_is_an_input_error():
    """A dead address fails at once with an InputError naming it."""
    address = f"tcp://127.0.0.1:{free_port()}"
    driver = dagrun.Driver({}, load_flow("branches"), executor="dask", address=address)
    started = time.perf_counter()
    with pytest.raises(dagrun.InputError, match="cannot reach the Dask scheduler") as caught:
        driver.execute(["joined"], inputs={"x": 1})
    assert address in caught.value.message
    assert time.perf_counter() - started < 5
    driver.close()
