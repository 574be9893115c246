"""``dagrun execute`` end to end: outputs, records, failures, output discipline, exit codes."""

from __future__ import annotations

import hashlib
import json
import os
import pickle
import pty
import signal
import subprocess
import time
from pathlib import Path

import numpy as np
import pandas as pd
from cli_support import DAGRUN, FLOWS, base_env, write

BRANCHES = FLOWS / "cli_branches.py"


def _line_of(path: Path, text: str) -> int:
    return next(i for i, line in enumerate(path.read_text().splitlines(), 1) if text in line)


def test_hello_run_file_writes_outputs_and_record(dagrun, hello, tmp_path):
    """The hello run file writes c and d under its out_dir and a run.json that describes them."""
    ran = dagrun("execute", hello)
    assert ran.code == 0, ran.err
    out = tmp_path / "out" / "hello"
    assert (out / "c.txt").read_text() == "Hello Ada! Tell me one surprising fact about octopuses."
    record = json.loads((out / "run.json").read_text())
    assert record["status"] == "success"
    assert record["nodes"]["d"]["status"] == "done"
    written = record["outputs"]["d"]
    data = (out / "d.txt").read_bytes()
    assert written["bytes"] == len(data)
    assert written["sha256"] == hashlib.sha256(data).hexdigest()
    assert written["format"] == "txt"


def test_module_flag_replaces_the_run_file(dagrun, hello, tmp_path):
    """-m with -s and -i runs a flow without a run file; only the selection is written."""
    ran = dagrun("execute", "-m", "flows/hello.py", "-s", "d", "-i", "a=Ada", "-i", "b=owls")
    assert ran.code == 0, ran.err
    out = tmp_path / "out" / "hello"
    assert sorted(p.name for p in out.iterdir()) == ["d.txt", "run.json"]
    assert "owls" in (out / "d.txt").read_text()


def test_flag_values_are_yaml_scalars_and_win(dagrun, hello, tmp_path):
    """-i overrides the run file's input; a quoted number stays a string."""
    ran = dagrun("execute", hello, "-i", "b='42'", "-s", "c")
    assert ran.code == 0, ran.err
    assert (tmp_path / "out" / "hello" / "c.txt").read_text().endswith("fact about 42.")


def test_spec_example_numbers_for_string_inputs_pass_as_text(dagrun, hello, tmp_path):
    """SPEC's `-m flows/hello.py -s d -i a=1 -i b=2` runs: hello declares str, so 1 is "1"."""
    ran = dagrun("execute", "-m", "flows/hello.py", "-s", "d", "-i", "a=1", "-i", "b=2")
    assert ran.code == 0, ran.err
    assert (
        "Hello 1! Tell me one surprising fact about 2."
        in (tmp_path / "out" / "hello" / "d.txt").read_text()
    )


def test_a_flag_value_of_the_wrong_type_names_the_flag(dagrun):
    """-i n=text for an int input is exit 2, and the error says which flag set it."""
    ran = dagrun("execute", "-m", BRANCHES, "-i", "n=text")
    assert ran.code == 2
    assert "input 'n' is str 'text' but" in ran.err
    assert "the value was set by -i n=text" in ran.err


def test_a_failing_node_lets_independent_branches_finish(dagrun, tmp_path):
    """broken fails: report is still written, after_broken skipped, exit 1, one paragraph."""
    ran = dagrun("execute", "-m", BRANCHES, "-i", "n=4")
    assert ran.code == 1
    out = tmp_path / "out" / "cli_branches"
    assert json.loads((out / "report.json").read_text()) == {"half": 2.0}
    record = json.loads((out / "run.json").read_text())
    assert record["status"] == "failed"
    assert record["nodes"]["broken"]["status"] == "failed"
    assert record["nodes"]["after_broken"]["status"] == "skipped"
    assert record["nodes"]["broken"]["error"]["exception"] == (
        "ZeroDivisionError: integer division or modulo by zero"
    )
    assert "error: node 'broken' raised ZeroDivisionError" in ran.err
    assert f"at {BRANCHES}:{_line_of(BRANCHES, 'return n // 0')} (in broken)" in ran.err
    assert "run record: out/cli_branches/run.json" in ran.err
    assert "Traceback" not in ran.err


def test_verbose_adds_the_users_traceback_only(dagrun):
    """-v shows the failing line of the flow and none of dagrun's own frames."""
    ran = dagrun("execute", "-m", BRANCHES, "-i", "n=4", "-v")
    assert ran.code == 1
    assert "Traceback (most recent call last)" in ran.err
    assert "return n // 0" in ran.err
    assert "sequential.py" not in ran.err and "dagrun/run.py" not in ran.err


def test_fail_fast_stops_at_the_first_failure(dagrun, tmp_path):
    """--fail-fast leaves what comes after the failure not run."""
    ran = dagrun("execute", "-m", BRANCHES, "-i", "n=4", "--fail-fast", "--json")
    assert ran.code == 1
    record = ran.json()
    assert record["status"] == "failed"
    assert record["nodes"]["broken"]["status"] == "failed"
    assert record["nodes"]["after_broken"]["status"] == "not_run"


def test_json_prints_exactly_the_run_record(dagrun, hello, tmp_path):
    """--json stdout is one document, equal to the run.json written beside the outputs."""
    ran = dagrun("execute", hello, "--json")
    assert ran.code == 0
    assert ran.json() == json.loads((tmp_path / "out" / "hello" / "run.json").read_text())


def test_json_error_document_for_input_errors(dagrun, hello):
    """A bad selection with --json prints {"status": "error"} with the hint, exit 2."""
    ran = dagrun("execute", hello, "-s", "dd", "--json")
    assert ran.code == 2
    document = ran.json()
    assert document["status"] == "error"
    assert document["error"]["type"] == "InputError"
    assert document["error"]["hint"] == "did you mean 'd'?"


def test_json_error_document_for_usage_errors(dagrun, hello):
    """An unknown flag with --json still gives one JSON document on stdout, exit 2."""
    ran = dagrun("execute", hello, "--bogus", "--json")
    assert ran.code == 2
    assert ran.json()["status"] == "error"
    assert "--bogus" in ran.json()["error"]["message"]


def test_quiet_prints_nothing_on_success(dagrun, hello):
    """-q keeps stderr and stdout empty when all goes well."""
    ran = dagrun("execute", hello, "-q")
    assert (ran.code, ran.out, ran.err) == (0, "", "")


def test_progress_off_a_terminal_is_one_line_per_node(dagrun, hello):
    """Piped stderr gets plain '[i/n] done node' lines and a summary, no colour codes."""
    ran = dagrun("execute", hello)
    assert "[1/2] done    c" in ran.err and "[2/2] done    d" in ran.err
    assert "success: 2 done" in ran.err
    assert ran.out == ""
    assert "\x1b[" not in ran.err


def test_no_color_wins_over_a_forced_terminal(dagrun, hello):
    """FORCE_COLOR colours stderr; NO_COLOR turns colour off again."""
    env = base_env(FORCE_COLOR="1")
    env.pop("NO_COLOR")
    coloured = dagrun("execute", hello, "-s", "nope", env=env)
    plain = dagrun("execute", hello, "-s", "nope", env=base_env(FORCE_COLOR="1"))
    assert "\x1b[" in coloured.err
    assert "\x1b[" not in plain.err
    assert "unknown node 'nope'" in plain.err


def test_dry_run_prints_the_plan_and_writes_nothing(dagrun, hello, tmp_path):
    """--dry-run lists nodes in order, supplied values with their source, destinations."""
    ran = dagrun("execute", "configs/hello.yaml", "--dry-run")
    assert ran.code == 0, ran.err
    assert "1. run    c" in ran.err and "2. run    d" in ran.err
    assert "a = 'Ada'  [input, configs/hello.yaml:4]" in ran.err
    assert f"d -> {tmp_path / 'out' / 'hello' / 'd.txt'}" in ran.err
    assert not (tmp_path / "out").exists()
    plan = dagrun("execute", hello, "--dry-run", "--json").json()
    assert [step["node"] for step in plan["steps"]] == ["c", "d"]


def test_selection_expressions_pick_outputs(dagrun, tmp_path):
    """name+, +name, globs and comma intersections choose which outputs are written."""

    def written(*select: str) -> list[str]:
        args = [arg for term in select for arg in ("-s", term)]
        ran = dagrun("execute", "-m", BRANCHES, "-i", "n=4", "--json", *args)
        assert ran.code == 0, ran.err
        return sorted(ran.json()["outputs"])

    assert written("half+") == ["half", "report"]
    assert written("+report") == ["half", "report"]
    assert written("h*") == ["half"]
    assert written("module:cli_branches,*t") == ["report"]
    assert written("half report") == ["half", "report"]


def test_empty_selection_is_exit_2(dagrun):
    """A glob that matches nothing is an error, not an empty run."""
    ran = dagrun("execute", "-m", BRANCHES, "-i", "n=4", "-s", "zzz*")
    assert ran.code == 2
    assert "selection 'zzz*' matches no node" in ran.err


def test_default_formats_follow_the_value_type(dagrun, tmp_path):
    """Without paths, each output gets the format its type suggests, readable back."""
    ran = dagrun("execute", "-m", FLOWS / "cli_values.py")
    assert ran.code == 0, ran.err
    out = tmp_path / "out" / "cli_values"
    assert (out / "text.txt").read_text(encoding="utf-8") == "héllo"
    assert json.loads((out / "mapping.json").read_text()) == {"a": 1, "b": [1, 2]}
    assert (out / "raw.bin").read_bytes() == b"\x00\x01\x02"
    assert np.load(out / "array.npy").tolist() == [[0, 1, 2], [3, 4, 5]]
    assert pd.read_parquet(out / "frame.parquet")["y"].tolist() == ["a", "b"]
    assert pickle.loads((out / "other.pkl").read_bytes()) == complex(1, 2)


def test_run_file_outputs_name_paths_formats_and_report_only(dagrun, tmp_path):
    """A path, an explicit format and null (reported, not written) from the run file."""
    run_file = write(
        tmp_path / "values.yaml",
        f"modules: [{FLOWS / 'cli_values.py'}]\n"
        "outputs:\n"
        "  text: null\n"
        "  mapping: {path: sub/m.data, format: json}\n"
        "  frame: frame.csv\n"
        "out_dir: results\n",
    )
    ran = dagrun("execute", run_file, "--json")
    assert ran.code == 0, ran.err
    out = tmp_path / "results"
    assert json.loads((out / "sub" / "m.data").read_text()) == {"a": 1, "b": [1, 2]}
    assert (out / "frame.csv").read_text().splitlines()[0] == "x,y"
    assert not (out / "text.txt").exists()
    assert ran.json()["outputs"]["text"]["path"] is None
    assert ran.json()["outputs"]["text"]["repr"] == "'héllo'"


def test_a_value_that_cannot_be_written_fails_the_run(dagrun, tmp_path):
    """A str with format bin: exit 1, the error names output, path and format."""
    run_file = write(
        tmp_path / "bad.yaml",
        f"modules: [{FLOWS / 'cli_values.py'}]\noutputs:\n  text: {{format: bin}}\n  raw: r.bin\n",
    )
    ran = dagrun("execute", run_file)
    assert ran.code == 1
    assert "cannot write output 'text'" in ran.err and "as bin" in ran.err
    assert (tmp_path / "out" / "bad" / "r.bin").read_bytes() == b"\x00\x01\x02"


def test_sibling_imports_and_package_relative_imports_work(dagrun, tmp_path):
    """A flow importing its sibling module, and one using relative imports, both run."""
    sibling = dagrun("execute", "-m", FLOWS / "cli_sibling" / "flow.py", "-i", "name=ada", "--json")
    assert sibling.code == 0, sibling.err
    assert (tmp_path / "out" / "flow" / "greeting.txt").read_text() == "HELLO ADA"
    package = dagrun("execute", "-m", FLOWS / "cli_pkg" / "sub" / "flow.py", "-i", "x=21", "-q")
    assert package.code == 0, package.err
    assert (tmp_path / "out" / "flow" / "doubled.json").read_text() == "42\n"


def test_dotted_module_names_import_from_the_current_folder(dagrun, tmp_path):
    """-m pkg.flow finds a package in the current directory."""
    write(tmp_path / "mypkg" / "__init__.py", "")
    write(
        tmp_path / "mypkg" / "steps.py",
        "def total(x: int) -> int:\n    return x + 1\n",
    )
    ran = dagrun("execute", "-m", "mypkg.steps", "-i", "x=1", "--json")
    assert ran.code == 0, ran.err
    assert ran.json()["outputs"]["total"]["path"].endswith("out/steps/total.json")


def _start(args: list[object], cwd: Path) -> subprocess.Popen:
    return subprocess.Popen(
        [str(DAGRUN), *map(str, args)],
        cwd=cwd,
        env=base_env(),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def _wait_for(condition, timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "timed out waiting"
        time.sleep(0.01)


def _signal_a_waiting_run(tmp_path: Path, signum: int) -> tuple[int, str, dict]:
    """Start cli_slow, send ``signum`` while 'wait' sleeps; exit code, stderr, run record."""
    marker = tmp_path / "started"
    proc = _start(
        ["execute", "-m", FLOWS / "cli_slow.py", "-i", f"marker={marker}", "-i", "seconds=30"],
        tmp_path,
    )
    assert proc.stderr is not None
    first = proc.stderr.readline()  # the progress line of 'started': wait is running now
    assert "done    started" in first
    proc.send_signal(signum)
    _, err = proc.communicate(timeout=30)
    record = json.loads((tmp_path / "out" / "cli_slow" / "run.json").read_text())
    return proc.returncode, err, record


def test_ctrl_c_exits_130_and_records_the_run_as_interrupted(tmp_path):
    """SIGINT during a node: exit 130, run.json says interrupted, the waiting node not_run."""
    code, err, record = _signal_a_waiting_run(tmp_path, signal.SIGINT)
    assert code == 130
    assert record["status"] == "interrupted"
    assert record["nodes"]["started"]["status"] == "done"
    assert record["nodes"]["wait"]["status"] == "not_run"
    assert "interrupted" in err


def test_a_killed_run_leaves_no_partial_output(tmp_path):
    """SIGKILL while an output is being written: the final file never appears half-written."""
    out = tmp_path / "out" / "cli_slow_write"
    proc = _start(["execute", "-m", FLOWS / "cli_slow_write.py", "-i", "count=1000"], tmp_path)
    _wait_for(lambda: any(p.stat().st_size > 0 for p in _temporaries(tmp_path, out)))
    proc.kill()
    proc.communicate(timeout=30)
    assert not (out / "big.pkl").exists()


def test_ctrl_c_while_writing_removes_the_temporary_file(tmp_path):
    """SIGINT during a write: exit 130, no output file and no temporary file left behind."""
    out = tmp_path / "out" / "cli_slow_write"
    proc = _start(["execute", "-m", FLOWS / "cli_slow_write.py", "-i", "count=1000"], tmp_path)
    _wait_for(lambda: any(_temporaries(tmp_path, out)))
    proc.send_signal(signal.SIGINT)
    proc.communicate(timeout=30)
    assert proc.returncode == 130
    assert sorted(p.name for p in out.iterdir()) == ["run.json"]
    assert not list(_temporaries(tmp_path, out))


def _temporaries(tmp_path: Path, out: Path) -> list[Path]:
    """Temporary files of big.pkl: staged in the state dir, or beside the output."""
    staging = tmp_path / ".dagrun" / "staging"
    return [p for folder in (staging, out) if folder.is_dir() for p in folder.glob(".big.pkl.*")]


def test_a_terminal_gets_the_live_display_and_the_same_result(hello, tmp_path):
    """On a pseudo-terminal the run shows a live display and still ends with the summary."""
    leader, follower = pty.openpty()
    env = base_env()
    env.pop("NO_COLOR")
    proc = subprocess.Popen(
        [str(DAGRUN), "execute", hello], cwd=tmp_path, env=env, stdout=follower, stderr=follower
    )
    os.close(follower)
    chunks = []
    while True:
        try:
            chunk = os.read(leader, 4096)
        except OSError:  # the terminal closed: the program ended
            break
        if not chunk:
            break
        chunks.append(chunk)
    os.close(leader)
    assert proc.wait(timeout=60) == 0
    screen = b"".join(chunks).decode(errors="replace")
    assert "success: 2 done" in screen
    assert "\x1b[" in screen  # styled, because this is a terminal
    assert (tmp_path / "out" / "hello" / "d.txt").exists()


def test_executor_flag_runs_on_threads_with_the_same_results(dagrun, tmp_path):
    """--executor threads -j 2 keeps going past the failure and records the kind."""
    ran = dagrun(
        "execute", "-m", BRANCHES, "-i", "n=4", "--executor", "threads", "-j", "2", "--json"
    )
    assert ran.code == 1
    record = ran.json()
    assert record["executor"] == "threads"
    assert record["nodes"]["report"]["status"] == "done"
    assert record["nodes"]["after_broken"]["status"] == "skipped"
    assert json.loads((tmp_path / "out" / "cli_branches" / "report.json").read_text()) == {
        "half": 2.0
    }


def test_tag_selection_through_the_real_decorator(dagrun):
    """tag:KEY=VALUE, tag:KEY and their intersection pick outputs tagged with @tag."""
    flow = FLOWS / "cli_tagged.py"

    def written(select: str) -> list[str]:
        ran = dagrun("execute", "-m", flow, "-i", "n=3", "-s", select, "--json")
        assert ran.code == 0, ran.err
        return sorted(ran.json()["outputs"])

    assert written("tag:team=core") == ["clean", "score"]
    assert written("tag:stage") == ["audit", "clean"]
    assert written("tag:stage,tag:team=edge") == ["audit"]


def test_parallel_block_items_get_their_own_lines_and_add_up_in_the_record(dagrun):
    """A fan-out with one bad item: unnumbered item lines, the node failed with item counts."""
    ran = dagrun(
        "execute", "-m", FLOWS / "fanout.py", "-i", "numbers=[1, -2, 3]", "-i", "shift=1", "--json"
    )
    assert ran.code == 1
    assert "[1/3] done    number" in ran.err
    assert "failed  shifted_square[1]" in ran.err
    entry = ran.json()["nodes"]["shifted_square"]
    assert (entry["status"], entry["items"], entry["error"]["item"]) == (
        "failed",
        {"done": 2, "failed": 1},
        1,
    )


def test_sigterm_is_recorded_like_ctrl_c(tmp_path):
    """SIGTERM during a node: exit 143 (128 + SIGTERM) and a run record that says interrupted."""
    code, _, record = _signal_a_waiting_run(tmp_path, signal.SIGTERM)
    assert code == 143
    assert record["status"] == "interrupted"


def test_json_stdout_stays_one_document_when_the_flow_prints(dagrun):
    """Prints from the flow (Python or raw fd 1) go to stderr under --json."""
    runs = [
        dagrun(*command, "-m", FLOWS / "cli_chatty.py", "-i", "n=1", "--json")
        for command in (["execute"], ["execute", "--dry-run"], ["validate"])
    ]
    for ran in runs:
        assert ran.code == 0, ran.err
        assert isinstance(ran.json(), dict)
        assert "importing cli_chatty" in ran.err
    assert "computing loud(1)" in runs[0].err and "raw bytes on fd 1" in runs[0].err


def test_an_input_the_flow_does_not_know_is_warned_of_with_a_suggestion(dagrun, hello):
    """-i ax=1 (a typo of a) runs, but says where it came from and what was meant."""
    ran = dagrun("execute", hello, "-q", "-i", "ax=1")
    assert ran.code == 0
    assert "-i ax=1: input 'ax' is neither a node nor an input of the flow" in ran.err
    assert "did you mean 'a'?" in ran.err
