"""Hostile input: mutated run files and command lines end in exit 0, 1 or 2 with a short message.

Hypothesis mutates a valid run file (as text and as data) and draws command
lines from dagrun's own flags mixed with junk, then runs the real entry point
in this process. Whatever it draws, dagrun must exit 0, 1 or 2, write no
traceback, report no internal error, and keep a failure to a few lines.
"""

from __future__ import annotations

import contextlib
import io
import os
import signal
import tempfile
from pathlib import Path

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dagrun.cli.app import main

FLOW = Path(__file__).resolve().parent / "flows" / "hostile.py"
WORKDIR = Path(tempfile.mkdtemp(prefix="dagrun-hostile-"))
VALID = {
    "modules": [str(FLOW)],
    "config": {"mode": "batch"},
    "inputs": {"a": 3, "name": "Ada"},
    "outputs": {"summary": "summary.json", "greeting": {"path": "g.txt", "format": "txt"}},
    "out_dir": "out",
    "executor": {"kind": "sequential"},
    "cache": {"enabled": True},
}
SETTINGS = settings(
    max_examples=80,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)


def run_dagrun(argv: list[str]) -> tuple[int, str]:
    """Run ``dagrun ARGV`` in this process in WORKDIR; return the exit code and stderr."""
    stdout, stderr = io.StringIO(), io.StringIO()
    previous_dir, previous_term = Path.cwd(), signal.getsignal(signal.SIGTERM)
    os.environ["DAGRUN_STATE_DIR"] = str(WORKDIR / ".dagrun")
    os.chdir(WORKDIR)
    code: object = 0
    try:
        with contextlib.redirect_stdout(stdout), contextlib.redirect_stderr(stderr):
            _main(argv)
    except SystemExit as exit_:
        code = exit_.code
    finally:
        os.chdir(previous_dir)
        os.environ.pop("DAGRUN_STATE_DIR", None)
        signal.signal(signal.SIGTERM, previous_term)
    return (code if isinstance(code, int) else 1 if code else 0), stderr.getvalue()


def _main(argv: list[str]) -> None:
    import sys

    saved = sys.argv
    sys.argv = ["dagrun", *argv]
    try:
        main()
    finally:
        sys.argv = saved


def assert_well_behaved(code: int, stderr: str) -> None:
    """Exit 0, 1 or 2; no traceback, no internal error; a failure said in a few lines."""
    assert code in (0, 1, 2), (code, stderr)
    assert "Traceback" not in stderr, stderr
    assert "internal error" not in stderr, stderr
    if code:
        assert stderr.strip(), "a failure must say why"
        usage = stderr.lstrip().startswith("Usage:")  # click's usage line, or help for no command
        assert len(stderr.strip().splitlines()) <= (40 if usage else 15), stderr


# ---- run files ---------------------------------------------------------------

scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(2**70), 2**70),
    st.floats(allow_nan=True),
    st.text(max_size=12),
)
values = st.recursive(
    scalars,
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3)
    ),
    max_leaves=6,
)
key_paths = st.sampled_from(
    [
        ("modules",),
        ("config",),
        ("config", "mode"),
        ("inputs",),
        ("inputs", "a"),
        ("inputs", "name"),
        ("outputs",),
        ("outputs", "summary"),
        ("outputs", "greeting", "format"),
        ("outputs", "greeting", "path"),
        ("out_dir",),
        ("executor",),
        ("executor", "kind"),
        ("executor", "workers"),
        ("cache",),
        ("cache", "enabled"),
        ("overrides",),
        ("outptus",),
        ("inputs", "doubled"),
    ]
)


def set_path(document: dict, path: tuple[str, ...], value: object) -> dict:
    """A copy of ``document`` with ``value`` at ``path`` (made where it is missing)."""
    copy = yaml.safe_load(yaml.safe_dump(document))
    target = copy
    for key in path[:-1]:
        if not isinstance(target.get(key), dict):
            target[key] = {}
        target = target[key]
    target[path[-1]] = value
    return copy


@st.composite
def mutated_documents(draw: st.DrawFn) -> str:
    document = dict(VALID)
    for _ in range(draw(st.integers(1, 3))):
        document = set_path(document, draw(key_paths), draw(values))
    return yaml.safe_dump(document, allow_unicode=True)


@st.composite
def mutated_text(draw: st.DrawFn) -> str:
    text = yaml.safe_dump(VALID)
    for _ in range(draw(st.integers(1, 4))):
        at = draw(st.integers(0, len(text)))
        cut = draw(st.integers(0, 6))
        insert = draw(
            st.sampled_from(["", ":", "- ", "\n", "  ", "{", "]", "!!", "&a", "*a", "'", "%"])
        )
        text = text[:at] + insert + draw(st.text(max_size=3)) + text[at + cut :]
    return text


@SETTINGS
@given(text=st.one_of(mutated_documents(), mutated_text()))
def test_a_mutated_run_file_ends_in_a_clear_exit(text):
    """Any mutation of a valid run file exits 0, 1 or 2 with a short message, never a traceback."""
    run_file = WORKDIR / "run.yaml"
    run_file.write_text(text, encoding="utf-8")
    assert_well_behaved(*run_dagrun(["execute", str(run_file), "-q"]))


# ---- command lines -------------------------------------------------------------

junk = st.text(
    st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"), max_size=10
)
tokens = st.one_of(
    st.sampled_from(
        [
            "-s",
            "summary",
            "greeting+",
            "+summary",
            "tag:x",
            "module:hostile",
            "doub*",
            "a,b",
            "--set",
            "mode=online",
            "-i",
            "a=1",
            "a='1'",
            "name=3",
            "a=[1, 2]",
            "=1",
            "a",
            "-o",
            "out2",
            "--executor",
            "threads",
            "sequential",
            "proc",
            "-j",
            "0",
            "2",
            "-1",
            "--force",
            "--dry-run",
            "--json",
            "-q",
            "-v",
            "--no-cache",
            "--fail-fast",
            "-m",
            str(FLOW),
            "hostile",
            "no.such.module",
            "--help",
            "execute",
            "validate",
            "list",
            "runs",
            "show",
            "latest",
            "visualize",
            "--format",
            "dot",
            "mermaid",
        ]
    ),
    junk,
)


@SETTINGS
@given(args=st.lists(tokens, max_size=8))
def test_random_command_lines_end_in_a_clear_exit(args):
    """dagrun's own flags mixed with junk, in any order, exit 0, 1 or 2 without a traceback."""
    if "visualize" in args:  # pictures go to a file named on the command line: keep them here
        args = [*args, "-o", str(WORKDIR / "dag.dot")]
    assert_well_behaved(*run_dagrun(["execute", "-m", str(FLOW), *args]))
    assert_well_behaved(*run_dagrun(args))
