"""Start-up cost of the ``dagrun`` command: ``--help`` and the hello run, wall and CPU time.

Targets (issue 4): ``dagrun --help`` <= 0.25 s and ``dagrun execute configs/hello.yaml``
<= 0.6 s wall. Each command runs ``REPEATS`` times; the best and the median are
printed, with the CPU time the process used (less sensitive to a busy machine).
"""

from __future__ import annotations

import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DAGRUN = Path(sys.executable).parent / "dagrun"
REPEATS = 15


def measure(command: list[str], cwd: Path) -> tuple[list[float], list[float]]:
    """Wall and CPU seconds of ``REPEATS`` runs of ``command`` in ``cwd``."""
    walls, cpus = [], []
    # Bytecode is cached as in any normal install (a shell that sets
    # PYTHONDONTWRITEBYTECODE would otherwise recompile dagrun on every start).
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env["DAGRUN_STATE_DIR"] = str(cwd / ".dagrun")
    subprocess.run(command, cwd=cwd, env=env, capture_output=True, check=True)  # warm-up
    for _ in range(REPEATS):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        started = time.perf_counter()
        subprocess.run(
            command,
            cwd=cwd,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            check=True,
        )
        walls.append(time.perf_counter() - started)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpus.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
    return walls, cpus


def report(label: str, target: float, walls: list[float], cpus: list[float]) -> None:
    best, median = min(walls), statistics.median(walls)
    verdict = "ok" if best <= target else "over"
    print(
        f"{label:<40} wall best {best:.3f} s  median {median:.3f} s  "
        f"cpu median {statistics.median(cpus):.3f} s  target {target} s ({verdict})"
    )


def main() -> None:
    print(f"load average {os.getloadavg()[0]:.2f} on {os.cpu_count()} cpus")
    with tempfile.TemporaryDirectory() as scratch:
        cwd = Path(scratch)
        (cwd / "configs").mkdir()
        (cwd / "flows").mkdir()
        for part in ("configs/hello.yaml", "flows/hello.py"):
            (cwd / part).write_text((ROOT / part).read_text())
        dagrun = str(DAGRUN)
        report(
            "python -c pass (interpreter floor)",
            0.25,
            *measure([sys.executable, "-c", "pass"], cwd),
        )
        report("dagrun --help", 0.25, *measure([dagrun, "--help"], cwd))
        hello = [dagrun, "execute", "configs/hello.yaml"]
        report("dagrun execute configs/hello.yaml", 0.6, *measure(hello, cwd))


if __name__ == "__main__":
    main()
