"""The dask executor passes the shared suite on a real cluster on 127.0.0.1.

The ``dask_address`` fixture (conftest) is a real scheduler and two workers
working in a directory without the test flows, so every function a worker
runs must have travelled by value.
"""

import time

import pytest

import dagrun
from tests.conftest import free_port

from .suite import ExecutorSuite, Recorder, load_flow


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


def run_recorded(driver, outputs, inputs):
    plan = driver.plan(outputs, inputs)
    recorder = Recorder()
    outcome = driver.runner.run(plan, driver.seed_values(plan, inputs, {}), [recorder])
    return {name: outcome.values[slot] for name, slot in plan.outputs}, recorder


def test_big_values_stay_on_the_workers(dask_address):
    """A 1 MB value read by two nodes never reaches the driver; small results and outputs do."""
    from dagrun.executors.dask import DaskHeld

    driver = dagrun.Driver({}, load_flow("spread"), executor="dask", address=dask_address)
    results, recorder = run_recorded(driver, ["head", "length"], {"megabytes": 1})
    driver.close()
    assert results == {"head": b"xxxx", "length": 1024 * 1024}
    assert isinstance(recorder.last("payload").value, DaskHeld)
    assert recorder.last("length").value == 1024 * 1024


def test_big_items_are_collected_on_the_cluster(dask_address, monkeypatch):
    """Items' 1 MB results are gathered into a list on the cluster for their collector."""
    from dagrun.executors.dask import DaskHeld

    gathered: list[list] = []
    collect = DaskHeld.collect

    def watched(self, values):
        gathered.append(list(values))
        return collect(self, values)

    monkeypatch.setattr(DaskHeld, "collect", watched)
    driver = dagrun.Driver({}, load_flow("spread"), executor="dask", address=dask_address)
    results = driver.execute(["sizes"], inputs={"megabytes": 1, "parts": 3})
    assert results == {"sizes": [(0, 1024 * 1024), (1, 1024 * 1024), (2, 1024 * 1024)]}
    assert [[type(value) for value in values] for values in gathered] == [[DaskHeld] * 3]
    big = driver.execute(["blocks"], inputs={"megabytes": 1, "parts": 2})["blocks"]
    driver.close()
    assert [chunk[:1] for chunk in big] == [b"\x00", b"\x01"]  # a held output is brought back
