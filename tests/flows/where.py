"""Each item reports the process it ran in, slowly enough for work to spread."""

import os
import time

from dagrun import Collect, Parallelizable


def index(count: int) -> Parallelizable[int]:
    yield from range(count)


def pid(index: int) -> int:
    time.sleep(0.2)
    return os.getpid()


def pids(pid: Collect[int]) -> list[int]:
    return list(pid)
