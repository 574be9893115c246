"""Node and graph execution hooks: what each is called with, in what order, on success,
on a failing node and on a refused request; and the graph construction hook."""

import logging

import flow
from hamilton import driver
from hamilton.lifecycle import api
from show import emit, raised

logging.disable(logging.CRITICAL)
CALLS = []
RUN_IDS = []


def type_name(t):
    return getattr(t, "__name__", str(t))


def kind(error):
    """The error as Hamilton code tells it: the node's own class, or a ValueError."""
    if error is None or isinstance(error, ZeroDivisionError):
        return type(error).__name__
    return "ValueError" if isinstance(error, ValueError) else "other"


class Watch(api.NodeExecutionHook, api.GraphExecutionHook, api.GraphConstructionHook):
    def run_after_graph_construction(self, *, graph, config, **future):
        CALLS.append(["built", sorted(n.name for n in graph.nodes), config])

    def run_before_graph_execution(
        self, *, graph, final_vars, inputs, overrides, execution_path, run_id, **future
    ):
        RUN_IDS.append(run_id)
        CALLS.append(
            [
                "before_graph",
                final_vars,
                inputs,
                overrides,
                sorted(execution_path),
                len(graph.nodes),
            ]
        )

    def run_before_node_execution(
        self,
        *,
        node_name,
        node_tags,
        node_kwargs,
        node_return_type,
        task_id,
        run_id,
        node_input_types,
        **future,
    ):
        CALLS.append(
            [
                "before_node",
                node_name,
                node_tags,
                type_name(node_return_type),
                task_id,
                {k: type_name(v) for k, v in node_input_types.items()},
                run_id == RUN_IDS[-1],
            ]
        )

    def run_after_node_execution(
        self, *, node_name, node_tags, result, error, success, task_id, run_id, **future
    ):
        CALLS.append(["after_node", node_name, result, kind(error), success, run_id == RUN_IDS[-1]])

    def run_after_graph_execution(self, *, graph, success, error, results, run_id, **future):
        CALLS.append(["after_graph", success, kind(error), results, run_id == RUN_IDS[-1]])


watch = Watch()
built = driver.Builder().with_modules(flow).with_config({"mode": "m"}).with_adapters(watch).build()
runs = {}
runs["builder"] = built.execute(["b"], inputs={"x": 1})
runs["builder_calls"], CALLS[:] = list(CALLS), []
legacy = driver.Driver({}, flow, adapter=watch)
runs["legacy"] = legacy.execute(["a", "b"], inputs={"x": 1})
runs["legacy_calls"], CALLS[:] = list(CALLS), []
runs["failing_node"] = raised(lambda: built.execute(["b", "c"], inputs={"x": 1}))
runs["failing_calls"], CALLS[:] = list(CALLS), []
runs["missing_input"] = raised(lambda: built.execute(["b"])) is not None
runs["missing_calls"], CALLS[:] = list(CALLS), []
emit(**runs)
