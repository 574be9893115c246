"""A real Dask cluster on 127.0.0.1 for any test that asks: scheduler and two workers.

They run as ``dask scheduler`` and ``dask worker`` processes on free ports, in a
directory without the test flows, so every function a worker runs must have
travelled by value.
"""

import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

BIN = Path(sys.executable).parent


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="session")
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
