"""Recorded Hamilton driver scripts give Hamilton's results on dagrun, ported by imports alone.

Each case's ``expected.json`` was recorded by running its script with Apache
Hamilton 1.90 (``record.py``); here the script runs with its imports rewritten
to ``dagrun.hamilton`` and nothing else changed, so no Hamilton is needed.
"""

import json
import sys

import pytest

from tests.hamilton_driver.record import CASES, case_names, run_case, to_dagrun


def test_the_porting_rule_rewrites_only_import_heads():
    source = "from hamilton import driver\n    import hamilton.base\nfrom hamiltonian import x\n"
    assert to_dagrun(source) == (
        "from dagrun.hamilton import driver\n    import dagrun.hamilton.base\n"
        "from hamiltonian import x\n"
    )


def test_there_are_cases_and_each_has_a_recording():
    names = case_names()
    assert len(names) >= 15
    assert all((CASES / name / "expected.json").is_file() for name in names)


@pytest.mark.parametrize("name", case_names())
def test_case_gives_hamiltons_result(name, tmp_path):
    found, output = run_case(name, sys.executable, tmp_path, port=True)
    assert found is not None, output
    assert found == json.loads((CASES / name / "expected.json").read_text()), output
