"""Run-file ``pools``, ``retries`` and ``timeouts`` reach the executors."""

from __future__ import annotations

import json

from cli_support import write

FLAKY = """
from pathlib import Path


def attempt_log(log_dir: str) -> str:
    return log_dir


def flaky(attempt_log: str) -> str:
    log = Path(attempt_log) / "attempts.txt"
    count = len(log.read_text().splitlines()) if log.exists() else 0
    with log.open("a") as handle:
        handle.write("try\\n")
    if count < 2:
        raise ConnectionError(f"attempt {count + 1} refused")
    return f"answered after {count + 1} attempts"
"""


def test_run_file_retries_recover_a_flaky_node(dagrun, tmp_path):
    """retries: {flaky: {times: 2, on: ConnectionError}} turns two refusals into a success."""
    write(tmp_path / "flows" / "flaky.py", FLAKY)
    run_file = write(
        tmp_path / "configs" / "flaky.yaml",
        "modules: [../flows/flaky.py]\n"
        f"inputs: {{log_dir: '{tmp_path}'}}\n"
        "outputs: {flaky: answer.txt}\n"
        "executor: {kind: threads, workers: 2}\n"
        "pools: {api: 1}\n"
        "retries:\n  flaky: {times: 2, on: ConnectionError, backoff: 0.01}\n"
        "timeouts:\n  flaky: 30\n",
    )
    ran = dagrun("execute", run_file, "--no-cache")
    assert ran.code == 0, ran.err
    out = tmp_path / "configs" / "out" / "flaky"
    assert (out / "answer.txt").read_text() == "answered after 3 attempts"
    assert len((tmp_path / "attempts.txt").read_text().splitlines()) == 3
    record = json.loads((out / "run.json").read_text())
    assert record["nodes"]["flaky"]["attempts"] == 3
    assert 0.01 * 0.5 + 0.02 * 0.5 <= record["nodes"]["flaky"]["waited_s"] <= 0.03 + 0.05


def test_without_run_file_retries_the_flaky_node_fails(dagrun, tmp_path):
    """The same flow with no retries fails on the first refusal (exit 1)."""
    flow = write(tmp_path / "flows" / "flaky.py", FLAKY)
    ran = dagrun("execute", "-m", flow, "-s", "flaky", "-i", f"log_dir={tmp_path}", "--no-cache")
    assert ran.code == 1
    assert "ConnectionError: attempt 1 refused" in ran.err


def test_a_misspelt_retry_setting_names_line_and_fix(dagrun, tmp_path):
    """An unknown key under retries.<node> is an exit-2 error with its line and a suggestion."""
    write(tmp_path / "flows" / "flaky.py", FLAKY)
    run_file = write(
        tmp_path / "configs" / "bad.yaml",
        "modules: [../flows/flaky.py]\nretries:\n  flaky: {tmies: 2}\n",
    )
    ran = dagrun("execute", run_file)
    assert ran.code == 2
    assert "bad.yaml:3: unknown key 'retries.flaky.tmies' (did you mean 'times'?)" in ran.err


def test_a_retry_for_an_unknown_node_is_an_input_error(dagrun, tmp_path):
    """Naming a node the flow lacks is exit 2 with a "did you mean"."""
    write(tmp_path / "flows" / "flaky.py", FLAKY)
    run_file = write(
        tmp_path / "configs" / "bad.yaml",
        f"modules: [../flows/flaky.py]\ninputs: {{log_dir: '{tmp_path}'}}\n"
        "timeouts:\n  flakey: 5\n",
    )
    ran = dagrun("execute", run_file)
    assert ran.code == 2
    assert "flakey" in ran.err and "did you mean 'flaky'" in ran.err
