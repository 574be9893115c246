"""Real servers on 127.0.0.1 for any test that asks: a Dask cluster and an S3-compatible store.

The Dask scheduler and two workers run as ``dask scheduler`` and ``dask worker``
processes on free ports, in a directory without the test flows, so every
function a worker runs must have travelled by value.
"""

import contextlib
import os
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


@contextlib.contextmanager
def moto_server(folder: Path, **settings: str):
    """Run moto's standalone S3-compatible server on 127.0.0.1; yield its endpoint and client env.

    ``settings`` go into the server's environment (e.g. ``INITIAL_NO_AUTH_ACTION_COUNT``
    turns on its IAM checks after that many requests).
    """
    port = free_port()
    endpoint = f"http://127.0.0.1:{port}"
    env = {
        "AWS_ACCESS_KEY_ID": "dagrun-test",
        "AWS_SECRET_ACCESS_KEY": "dagrun-test",
        "AWS_DEFAULT_REGION": "us-east-1",
        "FSSPEC_S3_ENDPOINT_URL": endpoint,
    }
    process = subprocess.Popen(
        [sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(port)],
        cwd=folder,
        env={**os.environ, **settings},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                assert process.poll() is None, "the S3 server exited at start"
                assert time.monotonic() < deadline, "the S3 server did not come up"
                time.sleep(0.1)
        yield {"endpoint": endpoint, "env": env}
    finally:
        process.terminate()
        process.wait(timeout=15)


@pytest.fixture
def own_s3_server(tmp_path):
    """Start a private S3-compatible server with extra settings: ``with own_s3_server(**s):``."""
    return lambda **settings: moto_server(tmp_path, **settings)


@pytest.fixture(scope="session")
def s3_server(tmp_path_factory):
    """A real S3-compatible server shared by the session's tests; tests make their own buckets."""
    with moto_server(tmp_path_factory.mktemp("s3")) as server:
        yield server


@pytest.fixture
def s3(s3_server, monkeypatch):
    """A boto3 client on the test S3 server, with this process's environment pointed at it."""
    import boto3

    for key, value in s3_server["env"].items():
        monkeypatch.setenv(key, value)
    client = boto3.client("s3", endpoint_url=s3_server["endpoint"], region_name="us-east-1")
    yield client
    import fsspec

    fsspec.filesystem("s3").invalidate_cache()  # listings cached by one test mislead the next
