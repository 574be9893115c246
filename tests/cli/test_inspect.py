"""``dagrun validate`` and ``dagrun list`` end to end, and the input errors they report."""

from __future__ import annotations

from cli_support import FLOWS, write

BRANCHES = FLOWS / "cli_branches.py"


def test_validate_accepts_a_good_run_file(dagrun, hello):
    """validate exits 0 and names what would be computed from which inputs."""
    ran = dagrun("validate", hello)
    assert ran.code == 0, ran.err
    assert "ok: 2 node(s) to compute c, d from a, b" in ran.err


def test_validate_json_lists_outputs_nodes_and_inputs(dagrun, hello):
    """validate --json is one document with the plan's pieces."""
    document = dagrun("validate", hello, "-s", "c", "--json").json()
    assert document == {"status": "ok", "outputs": ["c"], "nodes": ["c"], "inputs": ["a", "b"]}


def test_validate_reports_missing_inputs_with_exit_2(dagrun):
    """A flow run without its inputs fails validation naming them."""
    ran = dagrun("validate", "-m", BRANCHES)
    assert ran.code == 2
    assert "missing input: 'n'" in ran.err


def test_list_shows_nodes_and_inputs(dagrun, hello):
    """list --json gives each node's type, origin and doc, and marks inputs."""
    rows = {row["name"]: row for row in dagrun("list", hello, "--json").json()["nodes"]}
    assert rows["c"]["type"] == "str"
    assert rows["c"]["origin"].endswith("hello.py:9")
    assert rows["c"]["file"].endswith("hello.py") and rows["c"]["line"] == 9  # as in the API
    assert rows["c"]["doc"] == "A greeting prompt built from a name and a topic."
    assert rows["a"]["is_external_input"] is True
    assert rows["d"]["is_external_input"] is False


def test_list_prints_a_table_on_stdout(dagrun, hello):
    """Without --json, list prints one row per node to stdout."""
    ran = dagrun("list", hello)
    assert ran.code == 0
    names = [line.split()[0] for line in ran.out.splitlines()[1:] if line.strip()]
    assert names == ["c", "d", "a", "b"]


def test_unknown_run_file_key_names_file_line_and_suggestion(dagrun, tmp_path):
    """A misspelt key: 'run.yaml:3: unknown key 'outptus' (did you mean 'outputs'?)', exit 2."""
    write(tmp_path / "run.yaml", f"modules: [{BRANCHES}]\ninputs: {{n: 1}}\noutptus: [half]\n")
    ran = dagrun("validate", "run.yaml")
    assert ran.code == 2
    assert "run.yaml:3: unknown key 'outptus' (did you mean 'outputs'?)" in ran.err


def test_bad_value_names_the_key_path_and_line(dagrun, tmp_path):
    """An unknown executor kind names executor.kind and its line."""
    write(tmp_path / "run.yaml", f"modules: [{BRANCHES}]\nexecutor:\n  kind: gpu\n")
    ran = dagrun("validate", "run.yaml", "--json")
    assert ran.code == 2
    message = ran.json()["error"]["message"]
    assert message.startswith("run.yaml:3: executor.kind: input should be 'sequential'")


def test_invalid_yaml_is_exit_2_with_its_line(dagrun, tmp_path):
    """Broken YAML points at the line the parser stopped on."""
    write(tmp_path / "run.yaml", "modules: [a.py\ninputs: {\n")
    ran = dagrun("validate", "run.yaml")
    assert ran.code == 2
    assert "run.yaml:" in ran.err and "not valid YAML" in ran.err


def test_missing_run_file_suggests_a_near_name(dagrun, hello, tmp_path):
    """A misspelt run-file name gets a did-you-mean from its folder."""
    ran = dagrun("validate", "configs/helo.yaml")
    assert ran.code == 2
    assert "run file 'configs/helo.yaml' does not exist" in ran.err
    assert "did you mean 'hello.yaml'?" in ran.err


def test_flow_import_error_names_file_and_line(dagrun, tmp_path):
    """A flow importing a missing package: exit 2, 'cannot import', file:line, install hint."""
    flow = write(tmp_path / "flow.py", '"""A flow."""\n\nimport not_a_real_package\n')
    ran = dagrun("validate", "-m", "flow.py")
    assert ran.code == 2
    assert "cannot import flow.py: ModuleNotFoundError" in ran.err
    assert f"{flow}:3" in ran.err or "flow.py:3" in ran.err
    assert "install 'not_a_real_package'" in ran.err


def test_flow_syntax_error_names_file_and_line(dagrun, tmp_path):
    """A syntax error in a flow is reported at its line, not as a traceback."""
    write(tmp_path / "flow.py", "def a() -> int:\n    return (\n\n\ndef b(:\n")
    ran = dagrun("validate", "-m", "flow.py")
    assert ran.code == 2
    assert "cannot import flow.py: SyntaxError" in ran.err
    assert "flow.py:" in ran.err and "Traceback" not in ran.err


def test_missing_module_file_and_unknown_dotted_name(dagrun):
    """A path that does not exist and a dotted name that cannot be found are both exit 2."""
    path = dagrun("validate", "-m", "nowhere/flow.py")
    assert path.code == 2 and "flow module 'nowhere/flow.py' does not exist" in path.err
    dotted = dagrun("validate", "-m", "no.such.module")
    assert dotted.code == 2 and "no module named 'no.such.module'" in dotted.err


def test_graph_errors_are_exit_2(dagrun, tmp_path):
    """A cycle in the flow is a build error with its path."""
    write(
        tmp_path / "ring.py",
        "def a(b: int) -> int:\n    return b\n\n\ndef b(a: int) -> int:\n    return a\n",
    )
    ran = dagrun("validate", "-m", "ring.py")
    assert ran.code == 2
    assert "dependency cycle" in ran.err


def test_malformed_flags_and_no_modules_are_exit_2(dagrun, hello):
    """-i without '=' and a run without any module are both usage-level errors."""
    flag = dagrun("validate", hello, "-i", "justaname")
    assert flag.code == 2 and "-i expects KEY=VALUE, got 'justaname'" in flag.err
    empty = dagrun("validate")
    assert empty.code == 2 and "no flow modules to load" in empty.err


def test_unknown_output_in_the_run_file_names_its_line(dagrun, tmp_path):
    """An output that is not a node points at its run-file line with a suggestion."""
    write(
        tmp_path / "run.yaml",
        f"modules: [{BRANCHES}]\ninputs: {{n: 1}}\noutputs:\n  reprot: r.json\n",
    )
    ran = dagrun("validate", "run.yaml")
    assert ran.code == 2
    assert "run.yaml:4: output 'reprot' is not a node of the flow" in ran.err
    assert "did you mean 'report'?" in ran.err


def test_list_shows_tags(dagrun):
    """Tags set with @tag appear in list --json."""
    rows = dagrun("list", "-m", FLOWS / "cli_tagged.py", "--json").json()["nodes"]
    assert {row["name"]: row["tags"] for row in rows}["audit"] == {"team": "edge", "stage": "prep"}
