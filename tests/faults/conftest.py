"""Fixtures of the fault suite: run files written into a fresh folder per test."""

from __future__ import annotations

from pathlib import Path

import pytest

FLOWS = Path(__file__).resolve().parents[1] / "flows"


@pytest.fixture
def bulky(tmp_path: Path) -> Path:
    """A run file for ``flows/bulky.py``: four outputs of a few MB, cached."""
    run_file = tmp_path / "bulky.yaml"
    run_file.write_text(
        f"modules: [{FLOWS / 'bulky.py'}]\n"
        "inputs: {size_mb: 6, pause_s: 0.25}\n"
        "outputs:\n"
        "  block: block.bin\n"
        "  text: text.txt\n"
        "  numbers: numbers.json\n"
        "  summary: summary.json\n"
    )
    return run_file
