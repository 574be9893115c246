"""How long a picture of a big flow takes: 1,000 nodes, ~3,000 edges, to SVG with dot.

Each node depends on three earlier nodes chosen at random from the whole flow, so
many edges cross many ranks: the hard case for dot's layout (a feature flow's
edges are mostly short). The figure counts everything `dagrun visualize` does
after loading the flow: the picture model, the DOT source, and dot's layout and
SVG output, as wall and as CPU time (wall is inflated when other work shares the
machine; the goal is judged on CPU). Variants: nodes in ten subdag-style namespaces (clusters), and
--max-nodes 200 (namespaces collapsed). Goal: <= 10 s on a 2-core machine.
"""

from __future__ import annotations

import dataclasses
import os
import random
import resource
import time
from pathlib import Path
from tempfile import TemporaryDirectory

from flowgen import _module

from dagrun import Driver
from dagrun.graph import Graph
from dagrun.render import View, render

NODES, DEPS_PER_NODE, GOAL_S = 1000, 3, 10.0


def random_flow(size: int, seed: int = 7) -> Driver:
    """A flow of ``size`` documented functions, each reading three earlier ones."""
    rng = random.Random(seed)
    lines = ['def f0(x: int) -> int:\n    """Start from the input."""\n    return x\n']
    for i in range(1, size):
        deps = sorted(set(rng.sample(range(i), min(i, DEPS_PER_NODE))))
        params = ", ".join(f"f{d}: int" for d in deps)
        body = " + ".join(f"f{d}" for d in deps)
        lines.append(f'def f{i}({params}) -> int:\n    """Feature {i}."""\n    return {body}\n')
    return Driver({}, _module("bench_render_flow", "\n".join(lines)))


def in_namespaces(graph: Graph, count: int) -> Graph:
    """The same graph cut into ``count`` consecutive namespaces (``ns3.f317``), as subdags are."""
    size = -(-len(graph.nodes) // count)
    rename = {name: f"ns{index // size}.{name}" for index, name in enumerate(graph.nodes)}
    nodes = [
        dataclasses.replace(
            node,
            name=rename[node.name],
            deps=tuple(
                dataclasses.replace(dep, name=rename.get(dep.name, dep.name)) for dep in node.deps
            ),
        )
        for node in graph.nodes.values()
    ]
    return Graph(nodes)


def timed(graph: Graph, path: Path, view: View) -> tuple[float, float]:
    """Wall seconds, and CPU seconds of this process and dot together."""
    start, cpu = time.perf_counter(), _cpu()
    render(graph, path, view=view)
    return time.perf_counter() - start, _cpu() - cpu


def _cpu() -> float:
    own, children = (
        resource.getrusage(resource.RUSAGE_SELF),
        resource.getrusage(resource.RUSAGE_CHILDREN),
    )
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def main() -> None:
    graph = random_flow(NODES).graph
    edges = sum(len(node.deps) for node in graph.nodes.values())
    print(f"graph: {len(graph.nodes):,} nodes, {edges:,} edges")
    cases = [
        ("plain", graph, View()),
        ("10 namespaces (clusters)", in_namespaces(graph, 10), View()),
        ("10 namespaces, --max-nodes 200", in_namespaces(graph, 10), View(max_nodes=200)),
    ]
    with TemporaryDirectory() as folder:
        for label, subject, view in cases:
            path = Path(folder) / "big.svg"
            wall, cpu = timed(subject, path, view)
            # dot is single-threaded: on an idle machine its wall time is its CPU time.
            verdict = "ok" if cpu <= GOAL_S else f"MISSES the {GOAL_S:.0f} s goal"
            size = path.stat().st_size / 1e6
            print(
                f"  svg, {label:<32} {wall:6.2f} s wall  {cpu:6.2f} s cpu  "
                f"{size:4.1f} MB  {verdict}"
            )
    print(
        f"  (load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores: "
        "wall above cpu means other work shared the machine)"
    )


if __name__ == "__main__":
    main()
