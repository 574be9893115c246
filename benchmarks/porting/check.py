"""Do Apache Hamilton's own examples port to dagrun by the import rule alone? `make port`.

Every script in Hamilton's ``examples/`` that builds a driver is run twice, in a
fresh copy of its example's folder laid out as in the repository (the other
examples and ``contrib/`` beside it, for paths such as ``../../x.csv``), with
the network closed: as written under Apache Hamilton, and under dagrun after one
mechanical rewrite of every file in the folder (``hamilton`` at the head of an
import becomes ``dagrun.hamilton``). A script is run as its user would: from
its folder, with that folder and the ones above it in the example on
``sys.path``; one in a package as ``python -m`` from the example's folder (as
the READMEs do), with the arguments its README gives (``ARGUMENTS``).
What each driver call returns is captured (``capture/sitecustomize.py``) and
compared: DataFrames and Series with ``pandas.testing``, arrays and numbers
with a tolerance, other objects by type and attributes. Scripts Hamilton
itself cannot run here are listed with the reason and not counted.

    python benchmarks/porting/check.py --hamilton-python .venv-hamilton/bin/python
"""

from __future__ import annotations

import argparse
import concurrent.futures
import json
import math
import os
import pickle
import re
import shutil
import subprocess
import sys
import tempfile
from dataclasses import asdict, dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
MIRROR = Path("/work/.mirror/apache+hamilton/repo")
DRIVER_CALL = re.compile(r"(driver\.Builder\(|driver\.Driver\(|async_driver\.)")
IMPORT_RULE = re.compile(r"^(\s*)(from|import)(\s+)hamilton(?=[\s.])", re.MULTILINE)
TIMEOUT_S = 90
# Command-line arguments a script needs, as the example's README or usage text gives them.
ARGUMENTS = {
    "data_loaders/run.py": ["csv"],  # README: `python run.py csv`
    "decoupling_io/run.py": ["run", "--which-stage", "metrics_captured"],  # its click choices
    "feature_engineering/write_once_run_everywhere_blog_post/contexts/batch.py": ["run"],
    "feature_engineering/write_once_run_everywhere_blog_post/contexts/online.py": ["run"],
    "ibisml/run.py": ["--model", "linear"],
    "lineage/lineage_commands.py": ["PII"],  # its usage text: PII, upstream, downstream, ...
    "materialization/run.py": ["iris", "logistic"],  # usage: [iris|digits] [svm|logistic]
    "model_examples/scikit-learn/run.py": ["iris", "logistic"],
}
NOT_COUNTED = ("not deterministic", "hamilton cannot run here")
CLOSED_NETWORK = {  # a proxy nobody listens on: any HTTP(S) call fails at once
    "HTTP_PROXY": "http://127.0.0.1:9",
    "HTTPS_PROXY": "http://127.0.0.1:9",
    "http_proxy": "http://127.0.0.1:9",
    "https_proxy": "http://127.0.0.1:9",
    "NO_PROXY": "",
    "HAMILTON_TELEMETRY_ENABLED": "false",
    "MPLBACKEND": "Agg",
}


SERVICES = "pyspark|ray|airflow|dagster|prefect|feast|awsglue|bytewax|hamilton_sdk|dlt"
APPS = "fastapi|uvicorn|streamlit|slack_sdk|google|weaviate|lancedb|falkordb"
# Why Hamilton cannot run a script here, read from the error it ended with (first match wins).
CAUSES = (
    (r"source snapshot lacks", "a data file it reads is missing from the source snapshot"),
    (r"(?i)api.?key|credentials", "needs an API key or an account"),
    (r"URLError|Connection refused|ConnectError", "downloads its data (needs the network)"),
    (rf"No module named '({SERVICES})\b", "needs a platform: Spark, Ray, an orchestrator, the UI"),
    (rf"No module named '({APPS})\b", "is a web app or talks to an outside service"),
    (r"No module named|not installed", "needs a library not installed here (LLM clients mostly)"),
    (r"FileNotFoundError", "reads a file the example does not ship, or a path not there"),
)
OTHER_CAUSE = "fails under Hamilton itself (newer library versions, or the example's own error)"


def cause(why: str) -> str:
    """A short, honest label for why Hamilton cannot run a script here."""
    return next((label for pattern, label in CAUSES if re.search(pattern, why)), OTHER_CAUSE)


@dataclass
class Outcome:
    script: str
    status: str  # identical, differs, dagrun failed, or one of NOT_COUNTED
    why: str = ""
    results: int = 0


# ``import hamilton.driver`` binds the name ``hamilton``; its port must bind the same name.
BARE_IMPORT = re.compile(r"^(\s*)import\s+hamilton((?:\.\w+)*)(?=[ \t]*(?:#|$))", re.MULTILINE)


def port(text: str) -> str:
    """The one rule: ``hamilton`` at the head of an import becomes ``dagrun.hamilton``.

    The bare form keeps its name as docs/hamilton.md says: ``import hamilton``
    becomes ``from dagrun import hamilton``, and ``import hamilton.driver``
    becomes ``import dagrun.hamilton.driver; from dagrun import hamilton``.
    """

    def bare(match: re.Match) -> str:
        indent, submodule = match.groups()
        head = f"import dagrun.hamilton{submodule}; " if submodule else ""
        return f"{indent}{head}from dagrun import hamilton"

    return IMPORT_RULE.sub(r"\1\2\3dagrun.hamilton", BARE_IMPORT.sub(bare, text))


SIBLINGS = ("examples", "contrib")  # what examples reach outside their folder
SIDES = ("hamilton", "dagrun")


def examples(source: Path | None, into: Path) -> tuple[Path, list[str]]:
    """Hamilton's ``examples/`` and ``contrib/`` under ``into``, and the files the source lacks.

    A snapshot may lack its largest blobs: those paths are returned so that a
    script failing on one is reported as such.
    """
    if source is not None and (source / "examples").is_dir():
        for folder in SIBLINGS:
            if (source / folder).is_dir():
                shutil.copytree(source / folder, into / folder, symlinks=True)
        return into / "examples", []
    missing = [path for folder in SIBLINGS for path in _unpack(source or MIRROR, folder, into)]
    return into / "examples", missing


def _unpack(git_dir: Path, folder: str, into: Path) -> list[str]:
    """Write ``folder``'s files at HEAD under ``into``; the paths of blobs the snapshot lacks."""
    listing = subprocess.run(
        ["git", "--git-dir", str(git_dir), "ls-tree", "-r", "-z", "HEAD", folder],
        check=True,
        capture_output=True,
    ).stdout.decode()
    entries = [line.split("\t", 1) for line in listing.split("\0") if line]
    missing = []
    batch = subprocess.Popen(
        ["git", "--git-dir", str(git_dir), "cat-file", "--batch"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
    )
    for meta, path in entries:
        mode, kind, sha = meta.split()
        if kind != "blob":
            continue
        batch.stdin.write(f"{sha}\n".encode())
        batch.stdin.flush()
        header = batch.stdout.readline().split()
        if header[-1] == b"missing":
            missing.append(path)
            continue
        body = batch.stdout.read(int(header[2]))
        batch.stdout.read(1)
        target = into / path
        target.parent.mkdir(parents=True, exist_ok=True)
        if mode == "120000":
            target.symlink_to(body.decode())
        else:
            target.write_bytes(body)
    batch.stdin.close()
    batch.wait()
    return missing


def scripts(root: Path) -> list[Path]:
    """Every example script that builds a driver (the general rule: no hand-picked list)."""
    found = []
    for path in sorted(root.rglob("*.py")):
        if "test" in path.name or ".ipynb_checkpoints" in path.parts:
            continue
        if DRIVER_CALL.search(path.read_text(errors="replace")):
            found.append(path)
    return found


RAISED = re.compile(r"^[A-Za-z_][\w.]*(Error|Exception|Exit|Interrupt)\b")


def _last_line(text: str, fallback: str = "") -> str:
    """The error a run ended with: its last ``SomeError: ...`` line, else its last line."""
    lines = [line.strip() for line in text.strip().splitlines() if line.strip()]
    if not lines and fallback:  # a script that reports its usage on stdout and exits
        return _last_line(fallback)
    raised = [line for line in lines if RAISED.match(line)]
    found = raised or lines
    return found[-1][:200] if found else "no output"


def command(script: Path, example: Path) -> tuple[list[str], Path, list[Path]]:
    """How a user runs ``script``: the arguments to Python, the folder to run in, sys.path.

    A script in a package runs as ``python -m`` from the example's folder (the
    nearest one above with a README) when every folder between is a package;
    any other runs from its own folder. The folders from the script's up to the
    example's are on sys.path, as an editable install of the example puts them
    (and as worker processes, which do not inherit the script's own, need them).
    """
    folders = [script.parent, *(p for p in script.parent.parents if p.is_relative_to(example))]
    top = next((f for f in folders if (f / "README.md").exists()), example)
    between = folders[: folders.index(top)]
    arguments = ARGUMENTS.get(script.relative_to(example.parent).as_posix(), [])
    if between and all((f / "__init__.py").exists() for f in between):
        dotted = ".".join(script.relative_to(top).with_suffix("").parts)
        return ["-m", dotted, *arguments], top, folders
    return [script.name, *arguments], script.parent, folders


def run(python: str, script: Path, example: Path, capture: Path) -> tuple[int, str]:
    arguments, cwd, path = command(script, example)
    env = {**os.environ, **CLOSED_NETWORK, "PORTING_CAPTURE": str(capture)}
    env["PYTHONPATH"] = os.pathsep.join(map(str, [HERE / "capture", *path]))
    try:
        done = subprocess.run(
            [python, *arguments],
            cwd=cwd,
            env=env,
            stdin=subprocess.DEVNULL,
            capture_output=True,
            text=True,
            timeout=TIMEOUT_S,
        )
    except subprocess.TimeoutExpired:
        return -1, f"did not finish in {TIMEOUT_S} s"
    return done.returncode, _last_line(done.stderr, done.stdout)


def same(a: object, b: object, where: str = "result") -> str | None:
    """None when ``a`` and ``b`` agree, else where and how they differ."""
    import numpy as np
    import pandas as pd

    if isinstance(a, (pd.DataFrame, pd.Series)) or isinstance(b, (pd.DataFrame, pd.Series)):
        if type(a) is not type(b):
            return f"{where}: {type(a).__name__} vs {type(b).__name__}"
        check = pd.testing.assert_frame_equal if isinstance(a, pd.DataFrame) else None
        check = check or pd.testing.assert_series_equal
        try:
            check(a, b, check_exact=False, rtol=1e-9)
        except AssertionError as error:
            return f"{where}: {_last_line(str(error))}"
        return None
    if isinstance(a, np.ndarray) or isinstance(b, np.ndarray):
        try:
            np.testing.assert_allclose(np.asarray(a), np.asarray(b), rtol=1e-9)
        except (AssertionError, TypeError, ValueError) as error:
            return f"{where}: {_last_line(str(error))}"
        return None
    if isinstance(a, float) and isinstance(b, (int, float)):
        ok = math.isclose(a, b, rel_tol=1e-9) or (math.isnan(a) and math.isnan(b))
        return None if ok else f"{where}: {a!r} vs {b!r}"
    if type(a).__name__ != type(b).__name__:
        return f"{where}: {type(a).__name__} vs {type(b).__name__}"
    if isinstance(a, dict):
        if list(a) != list(b):
            return f"{where}: keys {sorted(map(str, a))} vs {sorted(map(str, b))}"
        return next((d for k in a if (d := same(a[k], b[k], f"{where}[{k!r}]"))), None)
    if isinstance(a, (list, tuple)):
        if len(a) != len(b):
            return f"{where}: {len(a)} items vs {len(b)}"
        pairs = enumerate(zip(a, b, strict=True))
        return next((d for i, (x, y) in pairs if (d := same(x, y, f"{where}[{i}]"))), None)
    if type(a).__eq__ is object.__eq__ and hasattr(a, "__dict__"):
        return same(_attributes(a), _attributes(b), f"{where}.__dict__")
    try:
        equal = a == b
        return None if bool(equal) else f"{where}: {a!r:.80} vs {b!r:.80}"
    except Exception as error:  # an object whose == raises is compared by its text
        return None if repr(a) == repr(b) else f"{where}: cannot compare ({error})"


def _attributes(value: object) -> dict:
    return {key: item for key, item in vars(value).items() if not key.startswith("_")}


def lay_out(root: Path, example: str, into: Path, rewrite: bool) -> Path:
    """A copy of one example at its place in the repository; the rest linked beside it."""
    (into / "examples").mkdir(parents=True)
    for entry in root.iterdir():
        if entry.name != example:
            (into / "examples" / entry.name).symlink_to(entry)
    if (root.parent / "contrib").is_dir():
        (into / "contrib").symlink_to(root.parent / "contrib")
    copy = into / "examples" / example
    shutil.copytree(root / example, copy, symlinks=True)
    for path in copy.rglob("*.py") if rewrite else ():
        if not path.exists():  # a link to a file outside the example
            continue
        text = path.read_text(errors="replace")
        path.unlink()  # a linked module is rewritten as a file, never through the link
        path.write_text(port(text))
    return copy


def check(
    script: Path, root: Path, hamilton: str, dagrun: str, work: Path, missing: list[str]
) -> Outcome:
    relative = script.relative_to(root)
    name = str(relative)
    slot = work / name.replace("/", "__")
    example = relative.parts[0]  # the whole example folder: scripts read its data and modules
    here = {side: lay_out(root, example, slot / side, side == "dagrun") for side in SIDES}
    at = {side: folder.parent / relative for side, folder in here.items()}
    code, why = run(hamilton, at["hamilton"], here["hamilton"], slot / "hamilton.pickle")
    if code != 0:
        lacking = [path for path in missing if Path(path).name in why]
        return Outcome(name, "hamilton cannot run here", why + _lacks(lacking))
    code, why = run(dagrun, at["dagrun"], here["dagrun"], slot / "dagrun.pickle")
    if code != 0:
        return Outcome(name, "dagrun failed", why)
    difference, count = compare(slot / "hamilton.pickle", slot / "dagrun.pickle")
    if difference is None:
        return Outcome(name, "identical", results=count)
    # Does Hamilton agree with itself? An unseeded random draw differs run to run.
    code, why = run(hamilton, at["hamilton"], here["hamilton"], slot / "again.pickle")
    if code == 0 and compare(slot / "hamilton.pickle", slot / "again.pickle")[0] is not None:
        return Outcome(name, "not deterministic", f"Hamilton differs from itself: {difference}")
    return Outcome(name, "differs", difference, count)


def _lacks(paths: list[str]) -> str:
    return f" (the source snapshot lacks {', '.join(paths)})" if paths else ""


def compare(first: Path, second: Path) -> tuple[str | None, int]:
    """How two captured runs differ (None: they agree), and how many driver calls they made."""
    try:
        a_calls = pickle.loads(first.read_bytes())
        b_calls = pickle.loads(second.read_bytes())
    except Exception as error:  # a result that pickles but does not unpickle here
        return f"results do not load: {error}", 0
    if len(a_calls) != len(b_calls):
        return f"{len(a_calls)} driver calls vs {len(b_calls)}", len(a_calls)
    for index, ((_, a), (_, b)) in enumerate(zip(a_calls, b_calls, strict=True)):
        difference = same(a, b, f"call {index + 1}")
        if difference:
            return difference, len(a_calls)
    return None, len(a_calls)


def report(outcomes: list[Outcome]) -> str:
    ran = [o for o in outcomes if o.status not in NOT_COUNTED]
    same_count = sum(o.status == "identical" for o in ran)
    lines = [
        f"{len(outcomes)} example scripts build a driver; Hamilton runs {len(ran)} of them here",
        "with the same results each time;",
        f"{same_count} of those port by the import rule alone and give identical results.",
        "",
    ]
    for status in ("identical", "differs", "dagrun failed", *NOT_COUNTED):
        group = [o for o in outcomes if o.status == status]
        if not group:
            continue
        lines.append(f"## {status} ({len(group)})")
        if status != "hamilton cannot run here":
            lines += [*map(_line, group), ""]
            continue
        lines.append("")
        for label in [*(label for _, label in CAUSES), OTHER_CAUSE]:
            some = [o for o in group if cause(o.why) == label]
            if some:
                lines += [f"### {label} ({len(some)})", *map(_line, some), ""]
    return "\n".join(lines)


def _line(outcome: Outcome) -> str:
    return f"- {outcome.script}" + (f": {outcome.why}" if outcome.why else "")


def _absolute(python: str) -> str:
    """A path to Python that holds in the folder each script runs in."""
    return str(Path(python).absolute()) if os.sep in python else python


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--hamilton-python", required=True, help="a Python with apache-hamilton")
    parser.add_argument("--dagrun-python", default=sys.executable)
    parser.add_argument("--hamilton-source", type=Path, help="git dir or checkout of Hamilton")
    parser.add_argument("--only", nargs="*", default=[], help="words a script path must contain")
    parser.add_argument("--out", type=Path, default=HERE / "results")
    parser.add_argument("--jobs", type=int, default=2)
    options = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="dagrun-porting-") as temp:
        work = Path(temp)
        root, missing = examples(options.hamilton_source, work / "source")
        chosen = [s for s in scripts(root) if all(w in str(s) for w in options.only)]
        with concurrent.futures.ThreadPoolExecutor(options.jobs) as pool:
            pythons = [_absolute(p) for p in (options.hamilton_python, options.dagrun_python)]
            runs = work / "runs"
            jobs = [pool.submit(check, s, root, *pythons, runs, missing) for s in chosen]
            outcomes = [job.result() for job in jobs]
    options.out.mkdir(parents=True, exist_ok=True)
    text = report(outcomes)
    (options.out / "porting.md").write_text(text + "\n")
    (options.out / "porting.json").write_text(json.dumps([asdict(o) for o in outcomes], indent=1))
    print(text)


if __name__ == "__main__":
    main()
