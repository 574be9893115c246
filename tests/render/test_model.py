"""The picture model: kinds, labels, tooltips, selection, namespaces and the legend.

The pictured flow (roles and namespace set by conftest)::

    path ──┐                                 ┌── total_is_positive (check)
    limit ─┴─ rows ── row_items ── scale.doubled ── total ─┤
              │       (parallel)                 (collect)  └── report ── (title)
              └── audit
"""

import dataclasses

import pytest

from dagrun.errors import InputError
from dagrun.graph import Graph
from dagrun.modifiers.resolve import nodes_from_modules
from dagrun.render.model import View, build_picture
from dagrun.render.overlay import NodeRun
from tests.flows import uncollected
from tests.render.conftest import pictured_graph


def boxes_of(picture):
    return {box.id: box for box in picture.boxes}


def test_every_node_and_external_input_gets_one_box(graph):
    """Nodes and external inputs each appear once, inputs first."""
    picture = build_picture(graph, View())
    ids = [box.id for box in picture.boxes]
    assert sorted(ids) == sorted(graph.all_names())
    assert len(ids) == len(set(ids))
    assert set(ids[:3]) == {"path", "limit", "title"}


def test_kinds_follow_roles_config_and_overrides(graph):
    """Roles pick kinds; config externals are config, others inputs; overrides win."""
    boxes = boxes_of(build_picture(graph, View(overrides={"audit": {"rows": 0}})))
    kinds = {name: box.kind for name, box in boxes.items()}
    assert kinds == {
        "path": "input",
        "limit": "config",
        "title": "input",
        "rows": "function",
        "row_items": "parallel",
        "scale.doubled": "function",
        "total": "collect",
        "total_is_positive": "check",
        "report": "function",
        "audit": "override",
    }


def test_an_invalid_block_is_still_drawn():
    """A Parallelizable nothing collects cannot run, yet its picture draws it as a function."""
    graph = Graph(nodes_from_modules([uncollected], {}))
    kinds = {box.id: box.kind for box in build_picture(graph, View()).boxes}
    assert kinds == {"n": "input", "items": "function", "squared": "function"}


def test_an_input_wins_over_a_config_value_of_the_same_name(graph):
    """As in the plan, a name given as input is drawn as that input, with its value."""
    box = boxes_of(build_picture(graph, View(inputs={"limit": 9})))["limit"]
    assert (box.kind, box.lines) == ("input", ("int", "= 9"))


def test_unknown_roles_are_drawn_as_functions():
    """A role a newer decorator invents renders as a plain function."""
    graph = pictured_graph({"report": "telepathy"})
    assert boxes_of(build_picture(graph, View()))["report"].kind == "function"


def test_labels_carry_type_and_values_of_config_inputs_and_overrides(graph):
    """Each box says its type; config, given inputs and overrides also show their value."""
    view = View(inputs={"path": "rows.csv"}, overrides={"audit": {"rows": 0}})
    boxes = boxes_of(build_picture(graph, view))
    assert boxes["rows"].lines == ("list[int]",)
    assert boxes["row_items"].lines == ("Parallelizable[int]",)  # not dagrun.parallel.…
    assert boxes["scale.doubled"].lines == ("int", "for each row_items")
    assert boxes["limit"].lines == ("int", "= 3")
    assert boxes["path"].lines == ("str", "= 'rows.csv'")
    assert boxes["title"].lines == ("str", "default 'Total'")
    assert boxes["audit"].lines == ("dict[str, int]", "= {'rows': 0}")


def test_tooltip_holds_docstring_and_file_line(graph):
    """A function's tooltip is its docstring and where it is defined."""
    tooltip = boxes_of(build_picture(graph, View()))["audit"].tooltip
    doc, where = tooltip.split("\n")
    assert doc == "How many rows were read, for the audit log."
    assert where.endswith(f"pictured.py:{graph.nodes['audit'].origin.line}")


def test_namespaced_nodes_sit_in_their_cluster_under_their_short_name(graph):
    """``scale.doubled`` is drawn as ``doubled`` inside cluster ``scale``."""
    box = boxes_of(build_picture(graph, View()))["scale.doubled"]
    assert (box.title, box.cluster) == ("doubled", ("scale",))


def test_outputs_light_what_they_need_and_fade_the_rest(graph):
    """Asking for report lights its upstream; the check and audit branch fade."""
    boxes = boxes_of(build_picture(graph, View(outputs=("report",))))
    faded = {name for name, box in boxes.items() if box.faded}
    assert faded == {"total_is_positive", "audit"}
    assert boxes["report"].output and not boxes["total"].output


def test_an_override_ends_the_branch_it_replaces(graph):
    """Overriding total fades everything only total needed."""
    view = View(outputs=("report",), overrides={"total": 5})
    boxes = boxes_of(build_picture(graph, view))
    lit = {name for name, box in boxes.items() if not box.faded}
    assert lit == {"report", "total", "title"}


def test_only_selected_leaves_out_what_will_not_run(graph):
    """With only_selected the faded boxes and their edges are gone."""
    picture = build_picture(graph, View(outputs=("audit",), only_selected=True))
    assert {box.id for box in picture.boxes} == {"audit", "rows", "path", "limit"}
    assert {(e.source, e.target) for e in picture.edges} == {
        ("path", "rows"),
        ("limit", "rows"),
        ("rows", "audit"),
    }


def test_edges_out_of_a_fan_out_and_into_a_collect_are_marked(graph):
    """Edges leaving a Parallelizable fan out; edges entering a Collect fan in."""
    kinds = {(e.source, e.target): e.kind for e in build_picture(graph, View()).edges}
    assert kinds[("row_items", "scale.doubled")] == "fan_out"
    assert kinds[("scale.doubled", "total")] == "fan_in"
    assert kinds[("rows", "audit")] == "plain"
    assert len(kinds) == sum(len(node.deps) for node in graph.nodes.values())


def test_legend_lists_exactly_the_kinds_present(graph):
    """The legend names the kinds drawn, in a fixed order, and no others."""
    legend = build_picture(graph, View(outputs=("report",))).legend
    assert legend == (
        "function",
        "output",
        "input",
        "config",
        "parallel",
        "collect",
        "faded",
    )
    unchecked = pictured_graph({})
    legend = build_picture(unchecked, View()).legend
    assert legend == ("function", "input", "config", "parallel", "collect")


def test_run_statuses_add_a_caption_and_legend_row(graph):
    """A node's run status and duration go under its type; the legend lists the statuses."""
    run = {"rows": NodeRun("done", 0.25), "row_items": NodeRun("failed", 1.5, "ValueError")}
    picture = build_picture(graph, View(run=run))
    boxes = boxes_of(picture)
    assert boxes["rows"].lines == ("list[int]", "done · 250 ms")
    assert boxes["row_items"].tooltip.endswith("\nerror: ValueError")
    assert picture.legend[-2:] == ("done", "failed")


def test_view_rejects_unknown_orientation_and_empty_budget():
    """Orientation is LR or TB; a node budget is at least one."""
    with pytest.raises(InputError, match="orientation 'XY'"):
        View(orient="XY")
    with pytest.raises(InputError, match="at least 1"):
        View(max_nodes=0)


def test_max_nodes_collapses_a_namespace_into_one_box():
    """Over budget, a namespace becomes one group box wired in its members' place."""
    graph = pictured_graph(renamed={"row_items": "scale.row_items", "doubled": "scale.doubled"})
    count = len(graph.all_names())
    picture = build_picture(graph, View(max_nodes=count - 1))
    boxes = boxes_of(picture)
    assert not {"scale.row_items", "scale.doubled"} & set(boxes)
    assert boxes["scale.*"].kind == "group" and boxes["scale.*"].lines == ("2 nodes",)
    edges = {(e.source, e.target) for e in picture.edges}
    assert {("rows", "scale.*"), ("scale.*", "total")} <= edges
    assert all(e.source != e.target for e in picture.edges)
    assert not picture.note


def test_a_tight_budget_keeps_the_nodes_nearest_the_outputs(graph):
    """Below what collapsing reaches, the outputs and their nearest upstream stay."""
    picture = build_picture(graph, View(outputs=("report",), max_nodes=3))
    assert {box.id for box in picture.boxes} == {"report", "total", "title"}
    assert picture.note == f"showing 3 of {len(graph.all_names())} nodes"
    assert all(e.source in {"total", "title"} for e in picture.edges)


def test_pictures_are_values(graph):
    """Pictures are frozen, so writers cannot change what the model decided."""
    picture = build_picture(graph, View())
    with pytest.raises(dataclasses.FrozenInstanceError):
        picture.orient = "TB"


def test_config_no_node_reads_is_listed_as_a_setting(graph):
    """A config value that only chooses variants is kept for the legend, with its value."""
    steered = Graph(graph.nodes.values(), {"limit": 3, "mode": "online"})
    picture = build_picture(steered, View())
    assert picture.settings == ("mode = 'online'",)
    assert boxes_of(picture)["limit"].kind == "config"
