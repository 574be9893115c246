"""The entry points: format from the file name, whole-file writes, and ``Driver.visualize``."""

import subprocess
import sys
from pathlib import Path

import pytest

import dagrun
from dagrun.errors import InputError
from dagrun.render import format_for, render
from dagrun.render.style import STATUSES
from tests.flows import breaks_midway
from tests.render.conftest import svg_fill, svg_nodes, svg_tooltip

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize(
    ("name", "fmt", "expected"),
    [
        ("dag.PNG", None, "png"),
        ("dag.svg", None, "svg"),
        ("dag.gv", None, "dot"),
        ("dag.mmd", None, "mermaid"),
        ("notes.md", None, "mermaid"),
        ("dag.txt", "svg", "svg"),
    ],
)
def test_format_comes_from_the_extension_unless_given(name, fmt, expected):
    """The extension names the format; an explicit format wins."""
    assert format_for(name, fmt) == expected


def test_an_unknown_extension_or_format_is_an_input_error():
    """A name without a known extension asks for --format; a bad format lists the good ones."""
    with pytest.raises(InputError, match="cannot tell the picture format") as caught:
        format_for("dag.txt")
    assert "--format" in caught.value.hint
    with pytest.raises(InputError, match="unknown picture format 'jpeg'"):
        format_for("dag.png", "jpeg")


def test_render_writes_the_whole_file_and_no_partial(graph, tmp_path):
    """The picture lands at its path, in a created folder, with no temporary left over."""
    path = render(graph, tmp_path / "pics" / "dag.svg")
    assert path.read_bytes().startswith(b"<?xml")
    assert sorted(p.name for p in path.parent.iterdir()) == ["dag.svg"]


def test_markdown_files_get_a_fenced_mermaid_block(graph, tmp_path):
    """A .md file holds the flowchart inside a ```mermaid fence, ready for a README."""
    text = render(graph, tmp_path / "flow.md").read_text()
    assert text.startswith("```mermaid\nflowchart LR\n") and text.endswith("```\n")


def test_driver_visualize_highlights_outputs_and_overlays_a_failed_run(tmp_path):
    """Driver.visualize takes outputs and a run record; the failure shows in the picture."""
    driver = dagrun.Driver({}, breaks_midway)
    record = {
        "status": "failed",
        "nodes": {
            "load": {"status": "done", "duration_s": 0.001},
            "parse": {
                "status": "failed",
                "duration_s": 0.002,
                "error": "ValueError: cannot parse 1",
            },
            "summary": {"status": "skipped", "duration_s": None},
            "count": {"status": "done", "duration_s": 0.001},
        },
    }
    path = driver.visualize(tmp_path / "run.svg", outputs=["summary"], run=record)
    nodes = svg_nodes(path.read_bytes())
    assert svg_fill(nodes["parse"]) == STATUSES["failed"].fill
    assert svg_fill(nodes["summary"]) == STATUSES["skipped"].fill
    assert "error: ValueError: cannot parse 1" in svg_tooltip(nodes["parse"])
    assert svg_fill(nodes["count"]) != STATUSES["done"].fill  # not needed for summary: faded


def test_driver_visualize_rejects_unknown_outputs(tmp_path):
    """An output the flow lacks is an InputError with a suggestion, before drawing."""
    driver = dagrun.Driver({}, breaks_midway)
    with pytest.raises(InputError, match="unknown node 'sumary'") as caught:
        driver.visualize(tmp_path / "x.svg", outputs=["sumary"])
    assert "summary" in caught.value.hint
    assert not (tmp_path / "x.svg").exists()


def test_driver_visualize_writes_mermaid_by_extension(tmp_path):
    """Mermaid needs no dot: the .mmd file is a flowchart of the flow."""
    path = dagrun.Driver({}, breaks_midway).visualize(tmp_path / "flow.mmd", orient="TB")
    text = path.read_text()
    assert text.startswith("flowchart TB\n")
    assert all(f"<b>{name}</b>" in text for name in ("x", "load", "parse", "summary", "count"))


def test_mermaid_and_the_picture_model_never_import_graphviz():
    """Only drawing DOT imports graphviz, so `import dagrun` and mermaid output stay light."""
    script = (
        "import sys, dagrun, dagrun.render as r\n"
        "from tests.flows import breaks_midway\n"
        "graph = dagrun.Driver({}, breaks_midway).graph\n"
        "assert r.render_bytes(graph, 'mermaid').startswith(b'flowchart')\n"
        "print('graphviz' in sys.modules, end=' ')\n"
        "r.render_bytes(graph, 'dot')\n"
        "print('graphviz' in sys.modules)\n"
    )
    ran = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, timeout=60
    )
    assert ran.returncode == 0, ran.stderr
    assert ran.stdout.split() == ["False", "True"]
