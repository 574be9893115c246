"""Config values feed functions like inputs; raw_execute and
Builder.copy; the graph and node views hooks and validators are handed."""

import logging

import flow
from hamilton import driver
from hamilton.lifecycle import api
from show import emit

logging.disable(logging.CRITICAL)
SEEN = {}


class Look(api.GraphExecutionHook, api.StaticValidator):
    def run_to_validate_node(self, *, node, **future):
        SEEN.setdefault("validated", []).append(
            [node.name, getattr(node.type, "__name__", str(node.type)), node.is_external_input]
        )
        return True, None

    def run_to_validate_graph(self, graph, **future):
        SEEN["graph_b_tags"] = graph["b"].tags
        SEEN["graph_owned"] = [n.name for n in graph.filter_nodes(lambda n: "owner" in n.tags)]
        SEEN["graph_a_doc"] = graph["a"].documentation.splitlines()[0]
        return True, None

    def run_before_graph_execution(self, *, graph, **future):
        SEEN["before_graph_inputs"] = sorted(n.name for n in graph.nodes if n.is_external_input)

    def run_after_graph_execution(self, **future):
        SEEN["after_graph"] = True


base_builder = driver.Builder().with_modules(flow).with_config({"factor": 3})
copied = base_builder.copy().with_config({"factor": 5})
dr = base_builder.with_adapters(Look()).build()
emit(
    config_as_input=dr.execute(["b"], inputs={"x": 1}),
    copy_has_its_own_config=copied.build().execute(["b"], inputs={"x": 1}),
    raw=dr.raw_execute(["a", "b"], inputs={"x": 2}),
    legacy_raw=driver.Driver({"factor": 2}, flow).raw_execute(["b"], inputs={"x": 1}),
    seen=SEEN,
)
