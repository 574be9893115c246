"""``dagrun visualize`` through the real executable: formats, selection, runs, no dot."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from dagrun.render.style import STATUSES
from tests.render.conftest import parse_mermaid, svg_fill, svg_nodes

DAGRUN = str(Path(sys.executable).with_name("dagrun"))
FLOW = Path(__file__).resolve().parents[1] / "flows" / "breaks_midway.py"


def dagrun(*args: str, cwd: Path, path: str | None = None) -> subprocess.CompletedProcess:
    env = {**os.environ, "NO_COLOR": "1"}
    env.pop("DAGRUN_STATE_DIR", None)
    if path is not None:
        env["PATH"] = path
    return subprocess.run(
        [DAGRUN, *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=120
    )


@pytest.fixture
def run_file(tmp_path: Path) -> Path:
    path = tmp_path / "breaks.yaml"
    path.write_text(f"modules: [{FLOW}]\ninputs: {{x: 1}}\nout_dir: out\n")
    return path


def test_a_failed_run_is_coloured_node_by_node(run_file, tmp_path):
    """After a failing run, --run latest shows done, failed and skipped nodes in their colours."""
    assert dagrun("execute", str(run_file), cwd=tmp_path).returncode == 1
    result = dagrun("visualize", str(run_file), "--run", "latest", "-o", "run.svg", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    data = (tmp_path / "run.svg").read_bytes()
    nodes = svg_nodes(data)
    expected = {"load": "done", "count": "done", "parse": "failed", "summary": "skipped"}
    assert {name: svg_fill(nodes[name]) for name in expected} == {
        name: STATUSES[status].fill for name, status in expected.items()
    }
    assert b"failed \xc2\xb7 " in data and b"skipped (upstream failed)" in data


def test_default_picture_is_a_png_in_the_out_dir(run_file, tmp_path):
    """Without -o the picture is OUT_DIR/dag.png, and the command says where it went."""
    result = dagrun("visualize", str(run_file), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    picture = tmp_path / "out" / "dag.png"
    assert picture.read_bytes().startswith(b"\x89PNG\r\n\x1a\n")
    assert "dag.png" in result.stderr


def test_selection_only_selected_to_stdout_as_mermaid(run_file, tmp_path):
    """-s count --only-selected -o - prints a flowchart of count and what it needs."""
    result = dagrun(
        "visualize",
        str(run_file),
        "-s",
        "count",
        "--only-selected",
        "-o",
        "-",
        "--format",
        "mermaid",
        "--orient",
        "tb",
        cwd=tmp_path,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("flowchart TB\n")
    nodes, edges, _ = parse_mermaid(result.stdout)
    assert {name for name in nodes if not name.startswith("legend_")} == {"x", "load", "count"}
    assert edges == [("x", "load"), ("load", "count")]


def test_without_dot_bitmaps_exit_2_and_text_formats_still_work(run_file, tmp_path):
    """With a PATH lacking dot, png says how to install graphviz (exit 2); dot and mermaid work."""
    no_dot = str(tmp_path / "empty-bin")
    result = dagrun("visualize", str(run_file), "-o", "x.png", cwd=tmp_path, path=no_dot)
    assert result.returncode == 2
    assert "apt-get install graphviz" in result.stderr and "brew install graphviz" in result.stderr
    assert not (tmp_path / "x.png").exists()
    for name, start in (("x.gv", "digraph"), ("x.mmd", "flowchart")):
        result = dagrun("visualize", str(run_file), "-o", name, cwd=tmp_path, path=no_dot)
        assert result.returncode == 0, result.stderr
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
def test_wrong_input_exits_2_with_the_reason(run_file, tmp_path, args, message):
    """Unknown runs, extensions, orientations and selections are usage errors."""
    result = dagrun("visualize", str(run_file), *args, cwd=tmp_path)
    assert result.returncode == 2
    assert message in result.stderr


def test_max_nodes_keeps_the_picture_small(run_file, tmp_path):
    """--max-nodes 2 draws two nodes and says how many were left out."""
    result = dagrun("visualize", str(run_file), "--max-nodes", "2", "-o", "small.svg", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    data = (tmp_path / "small.svg").read_bytes()
    assert len(svg_nodes(data)) == 2
    assert b"showing 2 of 5 nodes" in data
