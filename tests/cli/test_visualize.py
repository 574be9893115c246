"""``dagrun visualize`` through the real executable: formats, selection, runs, no dot."""

from __future__ import annotations

from pathlib import Path

import pytest
from cli_support import FLOWS, ROOT, base_env, write

from dagrun.render.style import STATUSES
from tests.render.conftest import parse_mermaid, svg_fill, svg_nodes


@pytest.fixture
def breaks(tmp_path: Path) -> Path:
    """A run file for the flow whose parse step raises."""
    run_file = f"modules: [{FLOWS / 'breaks_midway.py'}]\ninputs: {{x: 1}}\nout_dir: out\n"
    return write(tmp_path / "breaks.yaml", run_file)


def test_a_failed_run_is_coloured_node_by_node(dagrun, breaks, tmp_path):
    """After a failing run, --run latest shows done, failed and skipped nodes in their colours."""
    assert dagrun("execute", breaks).code == 1
    ran = dagrun("visualize", breaks, "--run", "latest", "-o", "run.svg")
    assert ran.code == 0, ran.err
    data = (tmp_path / "run.svg").read_bytes()
    nodes = svg_nodes(data)
    expected = {"load": "done", "count": "done", "parse": "failed", "summary": "skipped"}
    assert {name: svg_fill(nodes[name]) for name in expected} == {
        name: STATUSES[status].fill for name, status in expected.items()
    }
    assert b"failed \xc2\xb7 " in data and b"skipped (upstream failed)" in data


def test_default_picture_is_a_png_in_the_out_dir(dagrun, breaks, tmp_path):
    """Without -o the picture is OUT_DIR/dag.png, and the command says where it went."""
    ran = dagrun("visualize", breaks)
    assert ran.code == 0, ran.err
    assert (tmp_path / "out" / "dag.png").read_bytes().startswith(b"\x89PNG\r\n\x1a\n")
    assert "dag.png" in ran.err


def test_selection_only_selected_to_stdout_as_mermaid(dagrun, breaks):
    """-s count --only-selected -o - prints a flowchart of count and what it needs."""
    args = ["-s", "count", "--only-selected", "-o", "-", "--format", "mermaid", "--orient", "tb"]
    ran = dagrun("visualize", breaks, *args)
    assert ran.code == 0, ran.err
    assert ran.out.startswith("flowchart TB\n")
    nodes, edges, _ = parse_mermaid(ran.out)
    assert {name for name in nodes if not name.startswith("legend_")} == {"x", "load", "count"}
    assert edges == [("x", "load"), ("load", "count")]


def test_without_dot_bitmaps_exit_2_and_text_formats_still_work(dagrun, breaks, tmp_path):
    """With a PATH lacking dot, png says how to install graphviz (exit 2); dot and mermaid work."""
    no_dot = base_env(PATH=str(tmp_path / "empty-bin"))
    ran = dagrun("visualize", breaks, "-o", "x.png", env=no_dot)
    assert ran.code == 2
    assert "apt-get install graphviz" in ran.err and "brew install graphviz" in ran.err
    assert not (tmp_path / "x.png").exists()
    for name, start in (("x.gv", "digraph"), ("x.mmd", "flowchart")):
        ran = dagrun("visualize", breaks, "-o", name, env=no_dot)
        assert ran.code == 0, ran.err
        assert (tmp_path / name).read_text().startswith(start)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--run", "nope"], "no runs are recorded"),
        (["-o", "x.txt"], "cannot tell the picture format"),
        (["--orient", "up"], "unknown orientation 'UP'"),
        (["-s", "nothing_here"], "nothing_here"),
    ],
    ids=["unknown-run", "bad-extension", "bad-orient", "bad-select"],
)
def test_wrong_input_exits_2_with_the_reason(dagrun, breaks, args, message):
    """Unknown runs, extensions, orientations and selections are usage errors."""
    ran = dagrun("visualize", breaks, *args)
    assert ran.code == 2
    assert message in ran.err


def test_max_nodes_keeps_the_picture_small(dagrun, breaks, tmp_path):
    """--max-nodes 2 draws two nodes and says how many were left out."""
    ran = dagrun("visualize", breaks, "--max-nodes", "2", "-o", "small.svg")
    assert ran.code == 0, ran.err
    data = (tmp_path / "small.svg").read_bytes()
    assert len(svg_nodes(data)) == 2
    assert b"showing 2 of 5 nodes" in data


@pytest.mark.parametrize(
    "run_file", sorted((ROOT / "configs").glob("*.yaml")), ids=lambda p: p.stem
)
def test_every_example_run_file_can_be_drawn(dagrun, run_file):
    """Each run file in configs/ draws as a flowchart with its requested outputs marked."""
    ran = dagrun("visualize", run_file, "--format", "mermaid", "-o", "-")
    assert ran.code == 0, ran.err
    nodes, edges, _ = parse_mermaid(ran.out)
    assert edges and any(cls == "output" for _, cls in nodes.values())
