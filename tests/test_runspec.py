"""Run files and flags to a RunSpec: schema errors with lines, sources, flag parsing."""

from __future__ import annotations

from pathlib import Path

import pytest

from dagrun.errors import InputError
from dagrun.runspec import Flags, OutputTarget, load, parse_assignment, parse_yaml


def _run_file(tmp_path: Path, text: str, name: str = "run.yaml") -> Path:
    path = tmp_path / "configs" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    return path


def _error(run_file: Path, flags: Flags = Flags()) -> InputError:
    with pytest.raises(InputError) as caught:
        load(run_file, flags)
    return caught.value


def test_full_run_file_becomes_a_spec(tmp_path):
    """Every SPEC §2 key lands in the spec; paths are relative to the run file."""
    path = _run_file(
        tmp_path,
        "modules: [../flows/hello.py, pkg.mod]\n"
        "config: {mode: batch}\n"
        "inputs: {a: 1, b: two}\n"
        "overrides: {c: 3}\n"
        "outputs:\n  c: c.txt\n  d: {path: d.json, format: json}\n  e: null\n"
        "out_dir: ../out/x\n"
        "executor: {kind: threads, workers: 4}\n"
        "cache: {enabled: false}\n",
    )
    spec = load(path)
    assert [m.text for m in spec.modules] == ["../flows/hello.py", "pkg.mod"]
    assert spec.modules[0].base == path.parent.resolve()
    assert spec.config == {"mode": "batch"} and spec.inputs == {"a": 1, "b": "two"}
    assert spec.overrides == {"c": 3}
    assert spec.outputs == {
        "c": OutputTarget(Path("c.txt")),
        "d": OutputTarget(Path("d.json"), "json"),
        "e": OutputTarget(write=False),
    }
    assert spec.out_dir == (tmp_path / "out" / "x").resolve()
    assert (spec.executor.kind, spec.executor.workers) == ("threads", 4)
    assert spec.cache is False


def test_defaults_for_a_minimal_run_file(tmp_path):
    """Only modules given: out/<stem> beside the file, sequential, cache on, sinks as outputs."""
    spec = load(_run_file(tmp_path, "modules: flows.x\n", "nightly.yaml"))
    assert spec.out_dir == (tmp_path / "configs" / "out" / "nightly").resolve()
    assert spec.executor.kind == "sequential" and spec.cache is True
    assert spec.outputs is None


def test_every_setting_knows_its_line(tmp_path):
    """Sources point at the run-file line of each input, config value and module."""
    spec = load(_run_file(tmp_path, "modules:\n  - a.py\ninputs:\n  n: 1\nconfig:\n  m: x\n"))
    label = str(tmp_path / "configs" / "run.yaml")
    assert str(spec.source_of("inputs.n")) == f"{label}:4"
    assert str(spec.source_of("config.m")) == f"{label}:6"
    assert str(spec.modules[0].source) == f"{label}:2"
    assert spec.source_of("inputs.other").kind == "default"


def test_unknown_top_level_key_suggests_the_right_one(tmp_path):
    """'outptus' on line 3 reads run.yaml:3: unknown key 'outptus' (did you mean 'outputs'?)."""
    error = _error(_run_file(tmp_path, "modules: [a.py]\ninputs: {}\noutptus: [c]\n"))
    assert error.message.endswith("run.yaml:3: unknown key 'outptus' (did you mean 'outputs'?)")


def test_unknown_nested_key_names_its_path(tmp_path):
    """A typo inside executor names executor.wrokers and suggests workers."""
    error = _error(_run_file(tmp_path, "modules: [a.py]\nexecutor:\n  wrokers: 2\n"))
    assert error.message.endswith(":3: unknown key 'executor.wrokers' (did you mean 'workers'?)")


def test_wrong_type_names_key_path_line_and_value(tmp_path):
    """workers: -1 is rejected at its line with the value shown."""
    error = _error(
        _run_file(tmp_path, "modules: [a.py]\nexecutor:\n  kind: threads\n  workers: -1\n")
    )
    assert ":4: executor.workers: input should be greater than 0, got -1" in error.message


def test_bad_output_format_is_rejected(tmp_path):
    """An output format outside the known ones names outputs.<node>.format."""
    error = _error(_run_file(tmp_path, "modules: [a.py]\noutputs:\n  c: {format: xlsx}\n"))
    assert ":3: outputs.c.format: unknown format 'xlsx'" in error.message
    assert "did you mean 'excel'?" in error.hint


def test_duplicate_keys_are_errors(tmp_path):
    """YAML would keep the last of two equal keys silently; dagrun refuses."""
    error = _error(_run_file(tmp_path, "modules: [a.py]\ninputs:\n  a: 1\n  a: 2\n"))
    assert ":4: duplicate key 'inputs.a'" in error.message
    assert "line 3" in error.hint


def test_non_mapping_document_is_an_error(tmp_path):
    """A run file that is a list is refused at line 1."""
    error = _error(_run_file(tmp_path, "- a\n- b\n"))
    assert "run.yaml:1: a run file is a mapping" in error.message


def test_yaml_is_read_with_the_safe_loader(tmp_path):
    """Python object tags are not constructed."""
    error = _error(_run_file(tmp_path, "modules: !!python/object/apply:os.system [echo hi]\n"))
    assert "not valid YAML" in error.message


def test_flags_win_and_record_their_source(tmp_path):
    """--set and -i override the file; -o is relative to cwd; -m replaces the modules."""
    path = _run_file(tmp_path, "modules: [a.py]\ninputs: {n: 1}\nconfig: {m: x}\n")
    flags = Flags(
        modules=("b.py",),
        sets=("m=y",),
        inputs=("n=2", "name='3'"),
        out_dir=Path("elsewhere"),
        executor="threads",
        workers=3,
        no_cache=True,
        fail_fast=True,
    )
    spec = load(path, flags)
    assert spec.inputs == {"n": 2, "name": "3"} and spec.config == {"m": "y"}
    assert [m.text for m in spec.modules] == ["b.py"]
    assert str(spec.source_of("inputs.n")) == "-i n=2"
    assert spec.out_dir == (Path.cwd() / "elsewhere").resolve()
    assert (spec.executor.kind, spec.executor.workers, spec.cache) == ("threads", 3, False)
    assert spec.keep_going is False


def test_flag_values_are_yaml_scalars():
    """3 is an int, '3' a str, true a bool, [1, 2] a list, an empty value ''."""
    assert parse_assignment("n=3", "-i") == ("n", 3)
    assert parse_assignment("n='3'", "-i") == ("n", "3")
    assert parse_assignment("flag=true", "-i") == ("flag", True)
    assert parse_assignment("xs=[1, 2]", "-i") == ("xs", [1, 2])
    assert parse_assignment("s=", "-i") == ("s", "")
    assert parse_assignment("url=http://x?a=b", "-i") == ("url", "http://x?a=b")


@pytest.mark.parametrize("text", ["novalue", "=3", "a b=1"])
def test_malformed_assignments_are_errors(text):
    """A flag without KEY=VALUE shape is an InputError with an example."""
    with pytest.raises(InputError, match="expects KEY=VALUE"):
        parse_assignment(text, "--set")


def test_unknown_executor_flag_suggests_a_kind(tmp_path):
    """--executor thread suggests threads."""
    error = _error(_run_file(tmp_path, "modules: [a.py]\n"), Flags(executor="thread"))
    assert error.hint == "did you mean 'threads'?"


def test_no_run_file_needs_a_module():
    """Without a run file and without -m there is nothing to run."""
    with pytest.raises(InputError, match="no flow modules"):
        load(None, Flags())


def test_no_run_file_puts_outputs_under_out_and_the_module_stem():
    """-m flows/hello.py alone writes to ./out/hello."""
    spec = load(None, Flags(modules=("flows/hello.py",)))
    assert spec.out_dir == (Path.cwd() / "out" / "hello").resolve()
    assert spec.run_file is None


def test_parse_yaml_keeps_lines_of_nested_keys_and_items():
    """Key paths map to 1-based lines, list items by index."""
    _, lines = parse_yaml("a:\n  b:\n    - x\n    - y\n", "t.yaml")
    assert lines[("a",)] == 1 and lines[("a", "b")] == 2 and lines[("a", "b", 1)] == 4


def test_flag_numbers_become_text_for_string_inputs(tmp_path):
    """-i a=1 for a str input is "1"; quoted and run-file values are untouched."""
    from dagrun.runspec import with_flag_text

    path = _run_file(tmp_path, "modules: [a.py]\ninputs: {c: 3}\n")
    spec = load(path, Flags(inputs=("a=1", "b='2'", "n=5")))
    fitted = with_flag_text(spec, {"a", "b", "c"})
    assert fitted.inputs == {"a": "1", "b": "2", "c": 3, "n": 5}


def test_yaml_words_on_off_yes_no_stay_strings():
    """Booleans are YAML 1.2's true/false only; on/off/yes/no are words (keys and values)."""
    data, _ = parse_yaml(
        "retry: {on: ConnectionError}\nanswer: no\nflag: true\nmode: off\n", "r.yaml"
    )
    assert data == {"retry": {"on": "ConnectionError"}, "answer": "no", "flag": True, "mode": "off"}


def test_unsafe_yaml_tags_are_refused():
    """A python/object tag is not constructed: the loader is a safe one."""
    with pytest.raises(InputError, match="not valid YAML"):
        parse_yaml("x: !!python/object/apply:os.system ['echo hacked']\n", "r.yaml")


def test_a_misspelt_choice_suggests_the_right_one(tmp_path):
    """executor.kind: thread names the choices and suggests threads; no model names leak."""
    error = _error(_run_file(tmp_path, "modules: [a.py]\nexecutor: {kind: thread}\n"))
    assert error.message.endswith("got 'thread' (did you mean 'threads'?)")
    error = _error(_run_file(tmp_path, "modules: [a.py]\nexecutor: 5\n"))
    assert "executor: input should be a mapping (key: value), got 5" in error.message
    assert "Model" not in error.message
