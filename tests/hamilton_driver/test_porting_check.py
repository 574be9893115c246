"""The porting check (benchmarks/porting/check.py) runs each example as its user would."""

import importlib.util
import sys
from pathlib import Path

CHECK = Path(__file__).resolve().parents[2] / "benchmarks" / "porting" / "check.py"
spec = importlib.util.spec_from_file_location("porting_check", CHECK)
check = sys.modules.setdefault("porting_check", importlib.util.module_from_spec(spec))
spec.loader.exec_module(check)  # in sys.modules first: its dataclasses look themselves up


def test_a_bare_import_keeps_the_name_hamilton_bound():
    script = "import hamilton\nimport hamilton.driver  # why\nimport hamilton.io as io\n"
    ported = check.port(script)
    assert ported.splitlines() == [
        "from dagrun import hamilton",
        "import dagrun.hamilton.driver; from dagrun import hamilton  # why",
        "import dagrun.hamilton.io as io",
    ]
    namespace: dict = {}
    exec(ported.splitlines()[1], namespace)
    assert namespace["hamilton"].driver.Builder  # hamilton.driver.Builder() works as written


def _tree(root: Path, files: list[str]) -> None:
    for name in files:
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text("")


def test_a_script_in_a_package_runs_as_a_module_from_the_example_folder(tmp_path):
    example = tmp_path / "examples" / "blog"
    _tree(example, ["README.md", "contexts/__init__.py", "contexts/batch.py", "components/x.py"])
    arguments, cwd, path = check.command(example / "contexts" / "batch.py", example)
    assert (arguments, cwd) == (["-m", "contexts.batch"], example)
    assert path == [example / "contexts", example]  # so `from components import x` resolves


def test_a_plain_script_runs_from_its_folder_with_its_readme_arguments(tmp_path):
    example = tmp_path / "examples" / "materialization"
    _tree(example, ["README.md", "run.py"])
    arguments, cwd, path = check.command(example / "run.py", example)
    assert (arguments, cwd, path) == (["run.py", "iris", "logistic"], example, [example])


def test_causes_say_why_hamilton_cannot_run_a_script():
    assert "API key" in check.cause("openai.OpenAIError: Missing credentials. set OPENAI_API_KEY")
    assert "platform" in check.cause("ModuleNotFoundError: No module named 'pyspark'")
    assert "library" in check.cause("ModuleNotFoundError: No module named 'tiktoken'")
    assert check.cause("ValueError: odd") == check.OTHER_CAUSE
