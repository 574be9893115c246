"""Executor benchmark: waiting in parallel, per-node scheduling cost, peak memory.

- 64 independent nodes that each sleep 0.1 s on 16 threads: wall time (goal
  ≤ 0.44 s; 0.40 s is ideal) and CPU time of the whole run (goal ≤ 0.1 s: the
  scheduler sleeps on a queue, it never polls);
- per-node cost of ``threads`` against ``sequential`` on 10,000 trivial nodes
  (goal ≤ 5×), on three shapes: the engine benchmark's layered flow (one step
  ready at a time), 10,000 independent nodes, and two interleaved chains;
- peak memory of a chain of twenty 50 MB arrays, for every executor (goal
  ≈ 100 MB: an array is freed once its last reader has it), and of ten 50 MB
  diamonds in a row (each array read by two nodes: on Dask the arrays stay on
  the workers, on processes they pass through the driver). Measured as the
  highest resident size of this process and every process it started, sampled
  by a side thread, over the size before the run.

``python benchmarks/bench_executors.py [sleep|overhead|memory]`` runs a part.
"""

from __future__ import annotations

import contextlib
import gc
import os
import subprocess
import sys
import threading
import time
import types

sys.path.insert(0, os.path.dirname(__file__))

import flowgen

import dagrun

MB = 1024 * 1024


def sleepers(count: int, seconds: float) -> types.ModuleType:
    lines = ["import time\n"]
    lines += [
        f"def s{i}() -> int:\n    time.sleep({seconds})\n    return {i}\n" for i in range(count)
    ]
    return flowgen._module("bench_sleepers", "\n".join(lines))


def independent(count: int) -> types.ModuleType:
    lines = [f"def w{i}(x: int) -> int:\n    return x + {i}\n" for i in range(count)]
    return flowgen._module("bench_wide", "\n".join(lines))


def two_chains(count: int) -> types.ModuleType:
    """``a<i>`` and ``b<i>`` chains side by side, joined at the end: two steps ready at once."""
    half = count // 2
    lines = ["def a0(x: int) -> int:\n    return x\n", "def b0(x: int) -> int:\n    return x\n"]
    for chain in "ab":
        lines += [
            f"def {chain}{i}({chain}{i - 1}: int) -> int:\n    return {chain}{i - 1} + 1\n"
            for i in range(1, half)
        ]
    return flowgen._module("bench_two_chains", "\n".join(lines))


def arrays(count: int, megabytes: int) -> types.ModuleType:
    lines = [
        "import numpy as np\n",
        f"def m0(x: int) -> np.ndarray:\n    return np.full({megabytes * MB // 8}, float(x))\n",
    ]
    lines += [
        f"def m{i}(m{i - 1}: np.ndarray) -> np.ndarray:\n    return m{i - 1} + 1.0\n"
        for i in range(1, count)
    ]
    lines.append(
        f"def total(m{count - 1}: np.ndarray) -> float:\n    return float(m{count - 1}[0])\n"
    )
    return flowgen._module("bench_arrays", "\n".join(lines))


def ladder(levels: int, megabytes: int) -> types.ModuleType:
    """Diamonds in a row: each array read by two nodes whose results the next array joins."""
    lines = [
        "import numpy as np\n",
        f"def m0(x: int) -> np.ndarray:\n    return np.full({megabytes * MB // 8}, float(x))\n",
    ]
    for i in range(1, levels):
        lines += [
            f"def l{i}(m{i - 1}: np.ndarray) -> np.ndarray:\n    return m{i - 1} + 1.0\n",
            f"def r{i}(m{i - 1}: np.ndarray) -> np.ndarray:\n    return m{i - 1} * 0.5\n",
            f"def m{i}(l{i}: np.ndarray, r{i}: np.ndarray) -> np.ndarray:\n"
            f"    return l{i} + r{i}\n",
        ]
    lines.append(
        f"def top(m{levels - 1}: np.ndarray) -> float:\n    return float(m{levels - 1}[0])\n"
    )
    return flowgen._module("bench_ladder", "\n".join(lines))


def best_of(repeats: int, fn) -> float:
    times = []
    for _ in range(repeats):
        started = time.perf_counter()
        fn()
        times.append(time.perf_counter() - started)
    return min(times)


def bench_sleep() -> None:
    driver = dagrun.Driver({}, sleepers(64, 0.1), executor="threads", max_workers=16)
    outputs = [f"s{i}" for i in range(64)]
    driver.execute(outputs)  # threads start on first use
    runs = []
    for _ in range(5):
        cpu, wall = time.process_time(), time.perf_counter()
        driver.execute(outputs)
        runs.append((time.perf_counter() - wall, time.process_time() - cpu))
    driver.close()
    wall, cpu = min(runs)
    print(
        f"64 x 0.1 s sleeps, 16 threads: wall {wall:.3f} s (goal <= 0.44), "
        f"CPU {cpu:.3f} s (goal <= 0.1)"
    )


def bench_overhead() -> None:
    shapes = {
        "layered (engine benchmark)": (
            flowgen.layered_module(10_000, "bench_layered"),
            ["n9999"],
        ),
        "10,000 independent": (independent(10_000), [f"w{i}" for i in range(10_000)]),
        "two chains": (two_chains(10_000), ["a4999", "b4999"]),
    }
    for label, (module, outputs) in shapes.items():
        cost = {}
        for kind in ("sequential", "threads"):
            driver = dagrun.Driver({}, module, executor=kind, max_workers=16)
            driver.execute(outputs, inputs={"x": 1})
            gc.disable()
            cost[kind] = best_of(9, lambda d=driver, o=outputs: d.execute(o, inputs={"x": 1}))
            gc.enable()
            driver.close()
        per_node = {kind: seconds / 10_000 * 1e6 for kind, seconds in cost.items()}
        print(
            f"{label:28} sequential {per_node['sequential']:6.2f} us/node, "
            f"threads {per_node['threads']:6.2f} us/node, "
            f"ratio {cost['threads'] / cost['sequential']:5.2f} (goal <= 5)"
        )


def rss() -> tuple[int, int]:
    """Resident size of this process, and of it with every process it started."""
    import psutil

    me = psutil.Process()
    own = total = me.memory_info().rss
    for process in me.children(recursive=True):
        with contextlib.suppress(psutil.Error):  # a worker may exit while we look
            total += process.memory_info().rss
    return own, total


def peak_during(fn) -> tuple[int, int]:
    """Highest resident sizes (own, tree) while ``fn`` runs, over the sizes before."""
    before = rss()
    peak = before
    done = threading.Event()

    def sample() -> None:
        nonlocal peak
        while not done.wait(0.002):
            now = rss()
            peak = (max(peak[0], now[0]), max(peak[1], now[1]))

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    try:
        fn()
    finally:
        done.set()
        sampler.join()
    return peak[0] - before[0], peak[1] - before[1]


MEMORY_SHAPES = {
    "chain": ("chain of twenty 50 MB arrays", "goal ~100"),
    "diamonds": ("ten 50 MB diamonds in a row ", "live set 150"),
}


def bench_memory() -> None:
    """Each case in a fresh interpreter: a process's resident size does not shrink back,
    so a case measured after others would find its memory already there."""
    for shape, (label, goal) in MEMORY_SHAPES.items():
        for kind in ("sequential", "threads", "processes", "dask"):
            case = [sys.executable, __file__, "memory-case", shape, kind]
            own, tree = map(
                float,
                subprocess.run(case, capture_output=True, text=True, check=True).stdout.split(),
            )
            print(
                f"{label}, {kind:10}: peak {own:4.0f} MB in the driver, "
                f"{tree:4.0f} MB with its workers ({goal})",
                flush=True,
            )


def memory_case(shape: str, kind: str) -> None:
    """Print the peak resident sizes (MB: driver, driver and workers) of one run."""
    module, output = (arrays(20, 50), "total") if shape == "chain" else (ladder(10, 50), "top")
    driver = dagrun.Driver({}, module, executor=kind, max_workers=2)
    driver.execute([output], inputs={"x": 0})  # start workers, import numpy there
    own, tree = peak_during(lambda: driver.execute([output], inputs={"x": 1}))
    driver.close()
    print(own / MB, tree / MB)


if __name__ == "__main__":
    parts = {"sleep": bench_sleep, "overhead": bench_overhead, "memory": bench_memory}
    if sys.argv[1:2] == ["memory-case"]:
        memory_case(*sys.argv[2:4])
    else:
        for name in sys.argv[1:] or parts:
            parts[name]()
