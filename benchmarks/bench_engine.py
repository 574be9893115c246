"""Engine benchmark: build and execute cost per node, and the cost of ``import dagrun``.

Every figure is reported next to plain Python measured in the same run (the
machine is noisy; ratios are what the goals are about):

- execute: ``Driver.execute`` vs a plain loop calling the same functions in a
  precomputed order with arguments from a dict (goal: ≤ 1.5× at 10,000 nodes);
- hooks: the same execute with one no-op node hook attached (goal: ≤ 2×);
- build: ``Driver(...)`` per node at 1,000 / 10,000 / 100,000 nodes (goal ≤ 20 µs,
  linear);
- import: ``import dagrun`` over a bare interpreter (goal ≤ 100 ms);
- a 100,000-node chain runs (no recursion anywhere);
- Apache Hamilton on the same flow when it is installed (``pip install -e '.[bench]'``).
"""

from __future__ import annotations

import gc
import os
import subprocess
import sys
import time
from collections.abc import Callable

sys.setrecursionlimit(10_000)
sys.path.insert(0, os.path.dirname(__file__))

import flowgen  # noqa: E402

import dagrun  # noqa: E402
import dagrun.hooks  # noqa: E402


def best_of(repeats: int, fn: Callable[[], object]) -> float:
    """The fastest of ``repeats`` timings of ``fn()``, in seconds (GC off while timing)."""
    times = []
    for _ in range(repeats):
        gc.disable()
        started = time.perf_counter()
        fn()
        times.append(time.perf_counter() - started)
        gc.enable()
    return min(times)


def bench_execute(size: int) -> dict[str, float]:
    module = flowgen.layered_module(size, f"layered_{size}")
    driver = dagrun.Driver({}, module)
    last = f"n{size - 1}"
    order = flowgen.plain_order(module)
    expected = flowgen.run_plain(order, {"x": 1})[last]
    assert driver.execute([last], inputs={"x": 1})[last] == expected
    plain = best_of(15, lambda: flowgen.run_plain(order, {"x": 1}))
    ours = best_of(15, lambda: driver.execute([last], inputs={"x": 1}))
    return {"plain_us": plain / size * 1e6, "dagrun_us": ours / size * 1e6, "ratio": ours / plain}


class NoOpHook(dagrun.hooks.Hook):
    """Watches every node and does nothing: the cost of the hook path itself."""

    def before_node(self, event: object, node: object) -> None:
        return None

    def after_node(self, event: object, node: object) -> None:
        return None


def bench_hooked(size: int) -> dict[str, float]:
    module = flowgen.layered_module(size, f"hooked_{size}")
    driver = dagrun.Driver({}, module, hooks=[NoOpHook()])
    last = f"n{size - 1}"
    order = flowgen.plain_order(module)
    assert driver.execute([last], inputs={"x": 1})[last] == flowgen.run_plain(order, {"x": 1})[last]
    plain = best_of(15, lambda: flowgen.run_plain(order, {"x": 1}))
    ours = best_of(15, lambda: driver.execute([last], inputs={"x": 1}))
    return {"plain_us": plain / size * 1e6, "dagrun_us": ours / size * 1e6, "ratio": ours / plain}


def bench_build(size: int) -> float:
    module = flowgen.layered_module(size, f"build_{size}")
    return best_of(5, lambda: dagrun.Driver({}, module)) / size * 1e6


def bench_import() -> dict[str, float]:
    def run(code: str) -> float:
        started = time.perf_counter()
        subprocess.run([sys.executable, "-c", code], check=True)
        return time.perf_counter() - started

    bare = min(run("pass") for _ in range(7))
    with_dagrun = min(run("import dagrun") for _ in range(7))
    return {
        "bare_ms": bare * 1e3,
        "dagrun_ms": with_dagrun * 1e3,
        "added_ms": (with_dagrun - bare) * 1e3,
    }


def bench_long_chain(size: int) -> float:
    module = flowgen.chain_module(size, f"chain_{size}")
    started = time.perf_counter()
    result = dagrun.Driver({}, module).execute([f"c{size - 1}"], inputs={"x": 0})
    assert result[f"c{size - 1}"] == size - 1
    return time.perf_counter() - started


def bench_hamilton(size: int) -> dict[str, float] | None:
    try:
        os.environ.setdefault("HAMILTON_TELEMETRY_ENABLED", "false")
        from hamilton import base, driver
    except ImportError:
        return None
    module = flowgen.layered_module(size, f"hamilton_{size}")
    last = f"n{size - 1}"
    started = time.perf_counter()
    dr = driver.Driver({}, module, adapter=base.DefaultAdapter())
    build = (time.perf_counter() - started) / size * 1e6
    order = flowgen.plain_order(module)
    plain = best_of(5, lambda: flowgen.run_plain(order, {"x": 1}))
    run = best_of(3, lambda: dr.execute([last], inputs={"x": 1}))
    return {"build_us": build, "execute_us": run / size * 1e6, "ratio": run / plain}


def main() -> None:
    print("dagrun engine benchmark (best of several runs; ratios to plain Python in this run)")
    imp = bench_import()
    print(
        f"import: bare interpreter {imp['bare_ms']:.0f} ms, with `import dagrun` "
        f"{imp['dagrun_ms']:.0f} ms -> adds {imp['added_ms']:.0f} ms (goal <= 100 ms)"
    )
    for size in (1_000, 10_000, 100_000):
        print(f"build {size:>7,} nodes: {bench_build(size):6.1f} us/node (goal <= 20 us/node)")
    for size in (1_000, 10_000):
        ex = bench_execute(size)
        print(
            f"execute {size:>6,} nodes: plain {ex['plain_us']:.2f} us/node, dagrun "
            f"{ex['dagrun_us']:.2f} us/node -> {ex['ratio']:.2f}x plain (goal <= 1.5x)"
        )
    hooked = bench_hooked(10_000)
    print(
        f"execute with one no-op hook, 10,000 nodes: {hooked['dagrun_us']:.2f} us/node -> "
        f"{hooked['ratio']:.2f}x plain (goal <= 2x)"
    )
    print(f"100,000-node chain: built and executed in {bench_long_chain(100_000):.2f} s")
    ham = bench_hamilton(10_000)
    if ham is None:
        print("Apache Hamilton: not installed (pip install -e '.[bench]' to compare)")
    else:
        print(
            f"Apache Hamilton 10,000 nodes: build {ham['build_us']:.0f} us/node, execute "
            f"{ham['execute_us']:.1f} us/node -> {ham['ratio']:.1f}x plain"
        )


if __name__ == "__main__":
    main()
