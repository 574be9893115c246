"""The typer application and the entry point that maps errors to exit codes."""

from __future__ import annotations

import sys
from pathlib import Path

import typer

app = typer.Typer(
    name="dagrun",
    help="Run Python dataflows: declarative functions to a validated DAG to results.",
    no_args_is_help=True,
    rich_markup_mode="rich",
)


@app.callback()
def _root() -> None:
    """Run Python dataflows: declarative functions to a validated DAG to results."""


@app.command()
def execute(run_file: Path = typer.Argument(..., help="The YAML run file.")) -> None:
    """Compute the run file's outputs and write each to a text file."""
    import importlib.util

    import yaml

    from dagrun import Driver

    spec = yaml.safe_load(run_file.read_text())
    modules = []
    for entry in spec["modules"]:
        path = (run_file.parent / entry).resolve()
        module_spec = importlib.util.spec_from_file_location(path.stem, path)
        module = importlib.util.module_from_spec(module_spec)
        sys.modules[path.stem] = module
        module_spec.loader.exec_module(module)
        modules.append(module)
    driver = Driver(spec.get("config", {}), *modules)
    outputs = spec["outputs"]
    results = driver.execute(list(outputs), inputs=spec.get("inputs", {}))
    out_dir = run_file.parent / spec.get("out_dir", f"../out/{run_file.stem}")
    out_dir.mkdir(parents=True, exist_ok=True)
    for name, value in results.items():
        (out_dir / (outputs[name] or f"{name}.txt")).write_text(str(value))


def main() -> None:
    """Console-script entry point."""
    sys.exit(app())
