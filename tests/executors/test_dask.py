"""The dask executor passes the shared suite on a real cluster on 127.0.0.1.

The fixture starts ``dask scheduler`` and two ``dask worker`` processes on free
ports, working in a directory without the test flows, so every function a
worker runs must have travelled by value.
"""

import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

import dagrun

from .suite import ExecutorSuite, load_flow

BIN = Path(sys.executable).parent


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="module")
def dask_address(tmp_path_factory):
    """A scheduler and two single-threaded workers, as separate processes."""
    workdir = tmp_path_factory.mktemp("dask")
    address = f"tcp://127.0.0.1:{free_port()}"
    common = {"cwd": workdir, "stdout": subprocess.DEVNULL, "stderr": subprocess.DEVNULL}
    port = address.rsplit(":", 1)[1]
    processes = [
        subprocess.Popen(
            [BIN / "dask", "scheduler", "--host", "127.0.0.1", "--port", port, "--no-dashboard"],
            **common,
        )
    ]
    for _ in range(2):
        processes.append(
            subprocess.Popen(
                [
                    BIN / "dask",
                    "worker",
                    address,
                    "--nthreads",
                    "1",
                    "--host",
                    "127.0.0.1",
                    "--no-dashboard",
                    "--no-nanny",
                ],
                **common,
            )
        )
    try:
        _wait_for_workers(address, 2)
        yield address
    finally:
        for process in reversed(processes):
            process.terminate()
        for process in processes:
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:  # a loaded machine: stop it for good
                process.kill()
                process.wait(timeout=15)


def _wait_for_workers(address: str, count: int) -> None:
    from distributed import Client

    deadline = time.monotonic() + 60
    with Client(address, timeout=30, set_as_default=False) as client:
        while len(client.scheduler_info()["workers"]) < count:
            assert time.monotonic() < deadline, "dask workers did not come up"
            time.sleep(0.1)


class TestDask(ExecutorSuite):
    executor = "dask"

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
    """A dead address fails with an InputError naming it."""
    import dask

    driver = dagrun.Driver(
        {}, load_flow("branches"), executor="dask", address=f"tcp://127.0.0.1:{free_port()}"
    )
    with dask.config.set({"distributed.comm.timeouts.connect": "1s"}):
        with pytest.raises(dagrun.InputError, match="cannot reach the Dask scheduler"):
            driver.execute(["joined"], inputs={"x": 1})
    driver.close()
