"""Nodes that fail, hang or share a rate-limited pool, for retries, timeouts and pools.

Attempts and call times are written to files under ``log_dir`` so they can be
counted whichever process or Dask worker made them.
"""

import time
from pathlib import Path

from dagrun import retry, tag, timeout


def _log(log_dir: str, name: str, text: str = "") -> int:
    """Append a line to ``log_dir/name.log``; the line count so far."""
    path = Path(log_dir) / f"{name}.log"
    with path.open("a") as file:
        file.write(f"{text}\n")
    return len(path.read_text().splitlines())


@retry(times=3, on=ConnectionError, backoff=0.05, jitter=False)
def flaky(log_dir: str, failures: int) -> str:
    attempt = _log(log_dir, "flaky")
    if attempt <= failures:
        raise ConnectionError(f"attempt {attempt} refused")
    return f"ok on attempt {attempt}"


@retry(times=3, on=(ConnectionError, TimeoutError), backoff=0.01)
def wrong_kind(log_dir: str) -> str:
    _log(log_dir, "wrong_kind")
    raise ValueError("not a connection problem")


@timeout(seconds=0.3)
def sleepy(sleep_s: float) -> float:
    time.sleep(sleep_s)
    return sleep_s


@retry(times=2, on=TimeoutError, backoff=0.01, jitter=False)
@timeout(seconds=0.3)
def slow_then_fast(log_dir: str) -> int:
    attempt = _log(log_dir, "slow_then_fast")
    if attempt == 1:
        time.sleep(1.5)
    return attempt


def _call(log_dir: str, name: str) -> str:
    started = time.time()
    time.sleep(0.15)
    _log(log_dir, "calls", f"{started} {time.time()}")
    return name


@tag(pool="api")
def call_a(log_dir: str) -> str:
    return _call(log_dir, "a")


@tag(pool="api")
def call_b(log_dir: str) -> str:
    return _call(log_dir, "b")


@tag(pool="api")
def call_c(log_dir: str) -> str:
    return _call(log_dir, "c")


@tag(pool="api")
def call_d(log_dir: str) -> str:
    return _call(log_dir, "d")


def calls(call_a: str, call_b: str, call_c: str, call_d: str) -> str:
    return call_a + call_b + call_c + call_d
