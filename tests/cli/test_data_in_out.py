"""Data in and out from the command line: environment variables, secrets, dated paths,
inputs read from files, and formats from the one registry."""

from __future__ import annotations

import datetime
import json
import sqlite3
import textwrap
from pathlib import Path

import pandas as pd
from cli_support import base_env, write

FLOW = """
import pandas as pd


def doubled(n: int) -> int:
    return n * 2


def greeting(name: str) -> str:
    return f"hello {name}"


def mean_score(survey: pd.DataFrame) -> float:
    return float(survey["score"].mean())


def row_count(rows: list) -> int:
    return len(rows)
"""


def _project(tmp_path: Path, run_file: str, flow: str = FLOW) -> Path:
    write(tmp_path / "flow.py", textwrap.dedent(flow))
    return write(tmp_path / "run.yaml", textwrap.dedent(run_file))


# ---- environment variables -----------------------------------------------------------


def test_environment_variables_fill_values_types_and_paths(dagrun, tmp_path):
    """An unquoted whole reference is typed (an int stays an int); inside text it is text."""
    run = _project(
        tmp_path,
        """
        modules: [flow.py]
        inputs:
          n: ${N_ITEMS}
          name: "${WHO:-ada}"
        outputs: {doubled: "out_${TEAM}/doubled.json", greeting: null}
        out_dir: out
        """,
    )
    ran = dagrun("execute", run, "--json", env=base_env(N_ITEMS="21", TEAM="ml"))
    assert ran.code == 0, ran.err
    assert json.loads((tmp_path / "out" / "out_ml" / "doubled.json").read_text()) == 42
    assert not list(tmp_path.glob("**/*${*"))  # no folder named after the literal text
    assert "hello ada" in ran.json()["outputs"]["greeting"]["repr"]


def test_a_missing_variable_names_file_line_and_variable(dagrun, tmp_path):
    run = _project(tmp_path, "modules: [flow.py]\ninputs:\n  n: ${N_ITEMZ}\n")
    ran = dagrun("execute", run, env=base_env(N_ITEMS="3"))
    assert ran.code == 2
    assert "run.yaml:3: environment variable 'N_ITEMZ' is not set" in ran.err
    assert "N_ITEMS" in ran.err  # did you mean
    assert not (tmp_path / "out").exists()


def test_a_doubled_dollar_writes_the_reference_literally(dagrun, tmp_path):
    run = _project(tmp_path, 'modules: [flow.py]\ninputs: {n: 1, name: "$${HOME}"}\n')
    ran = dagrun("execute", run, "-s", "greeting", "--json")
    assert ran.code == 0, ran.err
    assert (tmp_path / "out" / "run" / "greeting.txt").read_text() == "hello ${HOME}"


# ---- secrets ---------------------------------------------------------------------------

SECRET_FLOW = """
def auth_header(api_key: str) -> str:
    return "Bearer " + "*" * len(api_key)


def checked(api_key: str, strict: bool) -> str:
    if strict:
        raise ValueError(f"the provider refused key {api_key}")
    return "ok"
"""

SECRET = "sk-test-7Q2x9ZLm4R"


def test_a_secret_reaches_functions_and_nothing_else(dagrun, tmp_path):
    """Record, history, cache, --json, --dry-run, errors and pictures never hold its text."""
    run = _project(
        tmp_path,
        """
        modules: [flow.py]
        secrets: {api_key: "${API_KEY}"}
        inputs: {strict: true}
        """,
        SECRET_FLOW,
    )
    env = base_env(API_KEY=SECRET)
    ran = dagrun("execute", run, "--json", env=env)
    assert ran.code == 1  # `checked` raised, with the key in its message
    header = (tmp_path / "out" / "run" / "auth_header.txt").read_text()
    assert header == "Bearer " + "*" * len(SECRET)  # the function had the real value
    record = json.loads((tmp_path / "out" / "run" / "run.json").read_text())
    assert "***" in record["nodes"]["checked"]["error"]["message"]
    again = dagrun("execute", run, "--json", "-i", "strict=false", env=env)
    assert again.code == 0, again.err
    assert again.json()["counts"]["cached"] == 1  # the key does not change a cache key's text
    dry = dagrun("execute", run, "--dry-run", "--json", env=env)
    dry_text = dagrun("execute", run, "--dry-run", env=env)
    assert dry.json()["inputs"]["api_key"]["value"] == "***"
    picture = dagrun("visualize", run, "-o", tmp_path / "dag.dot", env=env)
    assert picture.code == 0, picture.err
    shown = [ran.out, ran.err, again.out, again.err, dry.out, dry_text.out, dry_text.err]
    assert all(SECRET not in text for text in shown)
    state = [p for p in (tmp_path / ".dagrun").rglob("*") if p.is_file()]
    assert {p.name for p in state} >= {"history.sqlite", "index.sqlite"}
    left = [p for p in [*state, *(tmp_path / "out").rglob("*"), tmp_path / "dag.dot"]]
    assert [p for p in left if p.is_file() and SECRET.encode() in p.read_bytes()] == []


# ---- templated output paths --------------------------------------------------------------


def test_dated_out_dir_and_output_names(dagrun, tmp_path):
    run = _project(
        tmp_path,
        """
        modules: [flow.py]
        config: {region: eu}
        inputs: {n: 2, name: ada}
        out_dir: "nightly/{date}"
        outputs:
          doubled: "doubled_{run_id}_{config.region}.json"
          greeting: "hello_{input.name}_{date:%Y%m%d}.txt"
        """,
    )
    ran = dagrun("execute", run, "--json")
    assert ran.code == 0, ran.err
    today = datetime.date.today()
    folder = tmp_path / "nightly" / today.isoformat()
    run_id = json.loads((folder / "run.json").read_text())["run_id"]
    assert json.loads((folder / f"doubled_{run_id}_eu.json").read_text()) == 4
    assert (folder / f"hello_ada_{today:%Y%m%d}.txt").read_text() == "hello ada"


def test_an_unknown_placeholder_is_refused_at_load_with_a_suggestion(dagrun, tmp_path):
    run = _project(
        tmp_path,
        'modules: [flow.py]\ninputs: {n: 2}\noutputs:\n  doubled: "d_{dat}.json"\n',
    )
    ran = dagrun("execute", run)
    assert ran.code == 2
    assert "run.yaml:4: unknown placeholder '{dat}'" in ran.err
    assert "date" in ran.err
    assert not (tmp_path / "out").exists()


def test_a_placeholder_naming_a_missing_config_key_is_refused(dagrun, tmp_path):
    run = _project(
        tmp_path,
        'modules: [flow.py]\nconfig: {region: eu}\ninputs: {n: 2}\nout_dir: "o/{config.regoin}"\n',
    )
    ran = dagrun("execute", run)
    assert ran.code == 2
    assert "names no config value 'regoin'" in ran.err and "region" in ran.err


# ---- inputs read from files ------------------------------------------------------------


def test_inputs_from_files_rerun_exactly_what_reads_the_edited_file(dagrun, tmp_path):
    data = tmp_path / "data"
    data.mkdir()
    pd.DataFrame({"score": [1.0, 3.0]}).to_csv(data / "survey.csv", index=False)
    with sqlite3.connect(data / "rows.sqlite") as db:
        db.execute("CREATE TABLE r (x)")
        db.executemany("INSERT INTO r VALUES (?)", [(1,), (2,), (3,)])
    db.close()
    run = _project(
        tmp_path,
        """
        modules: [flow.py]
        inputs:
          survey: {path: data/survey.csv}
          rows: {path: data/rows.sqlite, options: {query: "select x from r where x > 1"}}
        outputs: [mean_score, row_count]
        """,
    )
    first = dagrun("execute", run, "--json")
    assert first.code == 0, first.err
    out = tmp_path / "out" / "run"
    assert json.loads((out / "mean_score.json").read_text()) == 2.0
    assert json.loads((out / "row_count.json").read_text()) == 2
    same = dagrun("execute", run, "--json")
    assert same.json()["counts"]["cached"] == 2
    pd.DataFrame({"score": [5.0, 7.0]}).to_csv(data / "survey.csv", index=False)
    dry = dagrun("execute", run, "--dry-run")
    assert f"input survey changed ({data / 'survey.csv'})" in dry.err
    rerun = dagrun("execute", run, "--json")
    assert rerun.json()["counts"] == {**rerun.json()["counts"], "done": 1, "cached": 1}
    assert json.loads((out / "mean_score.json").read_text()) == 6.0


def test_a_missing_input_file_or_unknown_format_stops_before_any_node(dagrun, tmp_path):
    run = _project(tmp_path, "modules: [flow.py]\ninputs:\n  survey: {path: data/nope.csv}\n")
    ran = dagrun("execute", run, "-s", "mean_score")
    assert ran.code == 2
    assert "run.yaml:3: input file" in ran.err and "nope.csv does not exist" in ran.err
    write(tmp_path / "data" / "s.csv", "score\n1\n")
    run = _project(
        tmp_path, "modules: [flow.py]\ninputs:\n  survey: {path: data/s.csv, format: cvs}\n"
    )
    ran = dagrun("execute", run, "-s", "mean_score")
    assert ran.code == 2
    assert "unknown format 'cvs'" in ran.err and "csv" in ran.err
    assert not (tmp_path / "out").exists()


def test_an_unknown_key_in_a_file_input_is_refused(dagrun, tmp_path):
    run = _project(tmp_path, "modules: [flow.py]\ninputs:\n  survey: {path: s.csv, fromat: csv}\n")
    ran = dagrun("execute", run, "-s", "mean_score")
    assert ran.code == 2
    assert "run.yaml:3: unknown key 'fromat'" in ran.err and "format" in ran.err


# ---- the registry ------------------------------------------------------------------------

CUSTOM_FORMAT = """
import dagrun.io


dagrun.io.register_format("shout", (".shout",))


@dagrun.io.register_saver("shout", str)
def _save_shout(value, handle, bang="!"):  # a leading underscore: a helper, not a node
    handle.write((value.upper() + bang).encode())


def greeting(name: str) -> str:
    return f"hello {name}"
"""


def test_a_flow_can_register_a_format_for_its_outputs(dagrun, tmp_path):
    run = _project(
        tmp_path,
        """
        modules: [flow.py]
        inputs: {name: ada}
        outputs:
          greeting: {path: greeting.shout, options: {bang: "!!"}}
        """,
        CUSTOM_FORMAT,
    )
    ran = dagrun("execute", run, "--json")
    assert ran.code == 0, ran.err
    assert (tmp_path / "out" / "run" / "greeting.shout").read_text() == "HELLO ADA!!"
    assert ran.json()["outputs"]["greeting"]["format"] == "shout"


def test_an_unknown_output_format_is_refused_with_a_suggestion(dagrun, tmp_path):
    run = _project(
        tmp_path, "modules: [flow.py]\ninputs: {n: 1}\noutputs:\n  doubled: {format: parquett}\n"
    )
    ran = dagrun("execute", run)
    assert ran.code == 2
    assert "run.yaml:4: outputs.doubled.format: unknown format 'parquett'" in ran.err
    assert "did you mean 'parquet'?" in ran.err


def test_a_quoted_reference_stays_text(dagrun, tmp_path):
    run = _project(tmp_path, 'modules: [flow.py]\ninputs:\n  name: "${WHO}"\n')
    ran = dagrun("execute", run, "-s", "greeting", env=base_env(WHO="007"))
    assert ran.code == 0, ran.err
    assert (tmp_path / "out" / "run" / "greeting.txt").read_text() == "hello 007"


# ---- outputs that must not be written ------------------------------------------------------


def test_destinations_that_would_destroy_something_are_refused_before_running(dagrun, tmp_path):
    """The state dir, the record's name, two outputs on one path, a symlink: exit 2."""
    write(tmp_path / "flow.py", textwrap.dedent(FLOW))
    elsewhere = write(tmp_path / "precious.txt", "keep me")
    (tmp_path / "out").mkdir()
    (tmp_path / "out" / "link.txt").symlink_to(elsewhere)
    cases = {
        "../.dagrun/history.sqlite": "inside dagrun's state dir",
        "run.json": "where the run record goes",
        "link.txt": "which is a symlink",
    }
    for path, expected in cases.items():
        run = write(
            tmp_path / "run.yaml",
            f"modules: [flow.py]\ninputs: {{n: 1, name: x}}\nout_dir: out\n"
            f"outputs:\n  greeting: {path}\n",
        )
        ran = dagrun("execute", run)
        assert ran.code == 2, (path, ran.err)
        assert expected in ran.err, ran.err
    run = write(
        tmp_path / "run.yaml",
        "modules: [flow.py]\ninputs: {n: 1, name: x}\nout_dir: out\n"
        "outputs:\n  greeting: same.json\n  doubled: same.json\n",
    )
    ran = dagrun("execute", run)
    assert ran.code == 2 and "where output 'greeting' goes" in ran.err
    assert elsewhere.read_text() == "keep me"
    assert (tmp_path / "out" / "link.txt").is_symlink()
    assert not (tmp_path / "out" / "run.json").exists()


def test_a_value_its_format_cannot_hold_fails_that_output_only(dagrun, tmp_path):
    flow = "def ratio(n: int) -> float:\n    return float('nan') if n else 1.0\n\n"
    flow += "def doubled(n: int) -> int:\n    return n * 2\n"
    write(tmp_path / "flow.py", flow)
    run = write(tmp_path / "run.yaml", "modules: [flow.py]\ninputs: {n: 1}\n")
    ran = dagrun("execute", run, "--json")
    assert ran.code == 1
    record = ran.json()
    assert record["outputs"]["doubled"]["format"] == "json"
    assert "ratio" not in record["outputs"]
    assert "cannot write output 'ratio'" in ran.err and "Out of range float" in ran.err
    assert not (tmp_path / "out" / "run" / "ratio.json").exists()
