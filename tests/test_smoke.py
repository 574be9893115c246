"""The hello flow runs through the Python API."""

import importlib.util
from pathlib import Path

import dagrun

ROOT = Path(__file__).resolve().parents[1]


def test_hello_flow_builds_the_prompt():
    """d wraps c, which greets a about b."""
    spec = importlib.util.spec_from_file_location("hello", ROOT / "flows" / "hello.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    result = dagrun.Driver({}, module).execute(["d"], inputs={"a": "Ada", "b": "owls"})
    assert result["d"].endswith(
        "User: Hello Ada! Tell me one surprising fact about owls.\nAssistant:"
    )
