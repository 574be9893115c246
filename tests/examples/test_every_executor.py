"""Every example run file writes the same files on every executor.

Each run file goes through the real ``dagrun`` executable: first on the
sequential executor, then on threads, processes and a real Dask cluster (a
scheduler and two worker processes on 127.0.0.1, started in a folder without
the flows, so the flows travel by value). Every output file must match the
sequential run's byte for byte, and the run records must agree node by node.
"""

from __future__ import annotations

import pickle
from pathlib import Path

import pytest
import yaml
from example_support import ROOT, execute, read_run_record

KINDS = ("threads", "processes", "dask")
RUN_FILES = (
    "hello.yaml",
    "customer_features_batch.yaml",
    "customer_features_online.yaml",
    "ltv_model.yaml",
    "summarize.yaml",
    "custom_embeddings.yaml",
)


def on_dask(run_file: str, address: str, folder: Path) -> str:
    """A copy of ``configs/run_file`` set to the cluster at ``address``, its paths made absolute.

    Inputs are plain values, read wherever a node runs: Dask workers have a
    working folder of their own, so data paths are given absolute, as a user
    pointing a cluster at shared storage would.
    """
    source = ROOT / "configs" / run_file
    spec = yaml.safe_load(source.read_text())
    spec["modules"] = [str((source.parent / module).resolve()) for module in spec["modules"]]
    for name, value in spec.get("inputs", {}).items():
        if isinstance(value, str) and value and (ROOT / value).exists():
            spec["inputs"][name] = str(ROOT / value)
    spec.pop("out_dir", None)
    spec["executor"] = {"kind": "dask", "address": address}
    copy = folder / run_file
    copy.write_text(yaml.safe_dump(spec, sort_keys=False))
    return str(copy)


def run_on(kind: str, run_file: str, out: Path, address: str, *args: str, env=None) -> Path:
    if kind == "dask":
        folder = out.parent / f"{out.name}-run-file"
        folder.mkdir()
        return execute(on_dask(run_file, address, folder), out, *args, env=env)
    return execute(run_file, out, "--executor", kind, "-j", "2", *args, env=env)


def written(out: Path) -> dict[str, object]:
    """Every file a run wrote, by name, but its run record and history.

    A pickled object is compared attribute by attribute: one that crossed
    between processes shares fewer sub-objects, so the whole pickles to other
    bytes for the same state.
    """
    files: dict[str, object] = {}
    for path in sorted(out.rglob("*")):
        if path.is_file() and path.name != "run.json" and ".state" not in path.parts:
            data = path.read_bytes()
            if path.suffix == ".pkl":
                loaded = pickle.loads(data)
                data = {key: pickle.dumps(value) for key, value in vars(loaded).items()}
            files[path.relative_to(out).as_posix()] = data
    return files


def statuses(out: Path) -> dict[str, str]:
    return {name: entry["status"] for name, entry in read_run_record(out)["nodes"].items()}


def assert_same_everywhere(run_file: str, tmp_path: Path, address: str, *args, env=None) -> None:
    reference = run_on("sequential", run_file, tmp_path / "sequential", address, *args, env=env)
    expected = written(reference)
    assert expected, f"{run_file} wrote no files"
    for kind in KINDS:
        out = run_on(kind, run_file, tmp_path / kind, address, *args, "--no-cache", env=env)
        assert written(out) == expected, f"{run_file} on {kind} wrote different files"
        assert statuses(out) == statuses(reference), f"{run_file} on {kind}"


@pytest.mark.parametrize("run_file", RUN_FILES)
def test_offline_run_files_agree_on_every_executor(run_file, tmp_path, dask_address):
    """Sequential, threads, processes and Dask write identical files for each run file."""
    assert_same_everywhere(run_file, tmp_path, dask_address)


def test_online_prediction_agrees_on_every_executor(tmp_path, dask_address):
    """The online LTV run, reading a model trained beforehand, agrees on every executor."""
    trained = execute("ltv_model.yaml", tmp_path / "trained")
    model = f"model_path={trained / 'model.pkl'}"
    assert_same_everywhere("ltv_model_online.yaml", tmp_path, dask_address, "-i", model)


def test_api_run_file_agrees_on_every_executor(tmp_path, dask_address, api):
    """Caption and paint through the local API server: same files on every executor."""
    env = {"OPENAI_API_KEY": "test-key"}
    url = f"base_url={api.url}"
    assert_same_everywhere("caption_and_generate.yaml", tmp_path, dask_address, "-i", url, env=env)
