"""Nodes that exhaust memory or lose their worker, for the process-executor fault tests."""

import os
import resource
import signal


def base(n: int) -> int:
    return n


def hog(base: int) -> int:
    """Allocate past a memory limit set in this worker (the limit is lifted afterwards)."""
    soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    with open("/proc/self/statm") as statm:
        in_use = int(statm.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
    resource.setrlimit(resource.RLIMIT_AS, (in_use + 256 * 2**20, hard))
    try:
        return len(bytearray(4 * 2**30)) + base
    finally:
        resource.setrlimit(resource.RLIMIT_AS, (soft, hard))


def vanish(base: int) -> int:
    """Die the way the kernel's out-of-memory killer ends a process."""
    os.kill(os.getpid(), signal.SIGKILL)
    return base


def steady(base: int) -> int:
    return base * 2


def after_steady(steady: int) -> int:
    return steady + 1
