"""The shared conformance cases pass on every executor, not only the default one.

The cases' own runner (``run_conformance.py``) runs in a subprocess with its
driver builder set to the executor under test; its last line counts passes.
"""

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

CONFORMANCE = Path(os.environ.get("DAGRUN_CONFORMANCE", "/work/shared/conformance"))

SHIM = textwrap.dedent(
    """
    import sys
    sys.path.insert(0, {runner_dir!r})
    import cloudpickle
    import run_conformance
    import dagrun

    # The runner loads case modules through its own import hook, which workers
    # must be able to unpickle; and one executor serves every case, so worker
    # start-up is paid once rather than per case.
    cloudpickle.register_pickle_by_value(run_conformance)
    OPTIONS = {options!r}
    SHARED = []

    def build(self, case, config, modules):
        driver = dagrun.Driver(config, *modules, **OPTIONS)
        if not SHARED:
            SHARED.append(driver.runner)
        driver.runner = SHARED[0]
        return driver

    if __name__ == "__main__":
        run_conformance.DagrunImpl.build = build
        sys.exit(run_conformance.main(["--impl", "dagrun", {cases!r}]))
    """
)


def run_cases(tmp_path: Path, options: dict) -> str:
    script = tmp_path / "conformance_on.py"
    script.write_text(
        SHIM.format(runner_dir=str(CONFORMANCE), options=options, cases=str(CONFORMANCE / "cases"))
    )
    done = subprocess.run(
        [sys.executable, str(script)], cwd=tmp_path, capture_output=True, text=True, timeout=600
    )
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    return done.stdout.strip().splitlines()[-1]


@pytest.mark.parametrize("kind", ["threads", "processes"])
def test_conformance_cases_pass_on_local_executors(kind, tmp_path):
    """Every recorded Hamilton case gives the same result on threads and processes."""
    summary = run_cases(tmp_path, {"executor": kind, "max_workers": 2})
    assert summary.endswith(" passed, 0 failed")
    assert int(summary.split()[0]) >= 30


def test_conformance_cases_pass_on_a_dask_cluster(dask_address, tmp_path):
    """Every recorded Hamilton case gives the same result on a real Dask cluster."""
    summary = run_cases(tmp_path, {"executor": "dask", "address": dask_address})
    assert summary.endswith(" passed, 0 failed")
    assert int(summary.split()[0]) >= 30


def test_the_projects_own_recorded_cases_pass(tmp_path):
    """tests/hamilton_cases: more decorator behaviour recorded from Hamilton 1.90 by this project
    (pipe, does, group, extract_fields, check_output_custom, subdags, blocks, errors)."""
    cases = Path(__file__).resolve().parents[1] / "hamilton_cases"
    done = subprocess.run(
        [sys.executable, str(CONFORMANCE / "run_conformance.py"), "--impl", "dagrun", str(cases)],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    summary = done.stdout.strip().splitlines()[-1]
    assert summary == f"{sum(case.is_dir() for case in cases.iterdir())} passed, 0 failed"
