"""StaticValidator: refusing nodes or the graph stops the build; accepting lets it run."""

import logging

import flow
from hamilton import driver
from hamilton.lifecycle import api
from show import emit

logging.disable(logging.CRITICAL)


class NeedsOwner(api.StaticValidator):
    def run_to_validate_node(self, *, node, **future):
        if node.tags.get("module") == "flow" and "owner" not in node.tags:
            return False, f"node {node.name} has no owner tag"
        return True, None


class SmallGraph(api.StaticValidator):
    def run_to_validate_graph(self, graph, **future):
        if len(graph.nodes) > 3:
            return False, f"graph too big: {len(graph.nodes)} nodes"
        return True, None


class Fine(api.StaticValidator):
    def run_to_validate_node(self, *, node, **future):
        return True, None


def build(validator):
    try:
        dr = driver.Builder().with_modules(flow).with_adapters(validator).build()
    except Exception as exc:
        text = str(exc)
        return {
            "refused": True,
            "class": type(exc).__name__,
            "names": [n for n in ("raw", "table", "report") if f"node {n} " in text],
            "graph_message": "graph too big: 4 nodes" in text,
        }
    return {"refused": False, "result": dr.execute(["report"], inputs={"x": 1})}


emit(needs_owner=build(NeedsOwner()), small_graph=build(SmallGraph()), fine=build(Fine()))
