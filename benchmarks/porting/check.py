"""Do Apache Hamilton's own examples port to dagrun by the import rule alone? `make port`.

Every script in Hamilton's ``examples/`` that builds a driver is run twice, in a
fresh copy of its folder, with the network closed: as written under Apache
Hamilton, and under dagrun after one mechanical rewrite of every file in the
folder (``hamilton`` at the head of an import becomes ``dagrun.hamilton``).
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


@dataclass
class Outcome:
    script: str
    status: str  # identical, differs, dagrun failed, or one of NOT_COUNTED
    why: str = ""
    results: int = 0


def port(text: str) -> str:
    """The one rule: ``hamilton`` at the head of an import becomes ``dagrun.hamilton``."""
    return IMPORT_RULE.sub(r"\1\2\3dagrun.hamilton", text)


def examples(source: Path | None, into: Path) -> Path:
    """Hamilton's ``examples/`` unpacked under ``into`` (from a git dir, or a checkout)."""
    if source is not None and (source / "examples").is_dir():
        shutil.copytree(source / "examples", into / "examples")
        return into / "examples"
    return _unpack(source or MIRROR, "examples", into)


def _unpack(git_dir: Path, folder: str, into: Path) -> Path:
    """Write ``folder``'s files at HEAD under ``into``; a snapshot may lack its largest blobs."""
    listing = subprocess.run(
        ["git", "--git-dir", str(git_dir), "ls-tree", "-r", "-z", "HEAD", folder],
        check=True,
        capture_output=True,
    ).stdout.decode()
    entries = [line.split("\t", 1) for line in listing.split("\0") if line]
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
    return into / folder


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


def _last_line(text: str) -> str:
    """The error a run ended with: its last ``SomeError: ...`` line, else its last line."""
    lines = [line.strip() for line in text.strip().splitlines() if line.strip()]
    raised = [line for line in lines if RAISED.match(line)]
    found = raised or lines
    return found[-1][:200] if found else "no output"


def run(python: str, script: Path, capture: Path) -> tuple[int, str]:
    env = {**os.environ, **CLOSED_NETWORK, "PORTING_CAPTURE": str(capture)}
    env["PYTHONPATH"] = str(HERE / "capture")
    try:
        done = subprocess.run(
            [python, script.name],
            cwd=script.parent,
            env=env,
            stdin=subprocess.DEVNULL,
            capture_output=True,
            text=True,
            timeout=TIMEOUT_S,
        )
    except subprocess.TimeoutExpired:
        return -1, f"did not finish in {TIMEOUT_S} s"
    return done.returncode, _last_line(done.stderr)


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


def check(script: Path, root: Path, hamilton: str, dagrun: str, work: Path) -> Outcome:
    relative = script.relative_to(root)
    name = str(relative)
    slot = work / name.replace("/", "__")
    example = relative.parts[0]  # the whole example folder: scripts read its data and modules
    for side in ("hamilton", "dagrun"):
        shutil.copytree(root / example, slot / side / example, symlinks=True)
    for path in (slot / "dagrun").rglob("*.py"):
        if not path.exists():  # a link to a file outside examples/
            continue
        text = path.read_text(errors="replace")
        path.unlink()  # a linked module is rewritten as a file, never through the link
        path.write_text(port(text))
    code, why = run(hamilton, slot / "hamilton" / relative, slot / "hamilton.pickle")
    if code != 0:
        return Outcome(name, "hamilton cannot run here", why)
    code, why = run(dagrun, slot / "dagrun" / relative, slot / "dagrun.pickle")
    if code != 0:
        return Outcome(name, "dagrun failed", why)
    difference, count = compare(slot / "hamilton.pickle", slot / "dagrun.pickle")
    if difference is None:
        return Outcome(name, "identical", results=count)
    # Does Hamilton agree with itself? An unseeded random draw differs run to run.
    code, why = run(hamilton, slot / "hamilton" / relative, slot / "again.pickle")
    if code == 0 and compare(slot / "hamilton.pickle", slot / "again.pickle")[0] is not None:
        return Outcome(name, "not deterministic", f"Hamilton differs from itself: {difference}")
    return Outcome(name, "differs", difference, count)


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
        if group:
            lines.append(f"## {status} ({len(group)})")
            lines += [f"- {o.script}" + (f": {o.why}" if o.why else "") for o in group]
            lines.append("")
    return "\n".join(lines)


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
        root = examples(options.hamilton_source, work / "source")
        chosen = [s for s in scripts(root) if all(w in str(s) for w in options.only)]
        with concurrent.futures.ThreadPoolExecutor(options.jobs) as pool:
            pythons = (options.hamilton_python, options.dagrun_python)
            jobs = [pool.submit(check, s, root, *pythons, work / "runs") for s in chosen]
            outcomes = [job.result() for job in jobs]
    options.out.mkdir(parents=True, exist_ok=True)
    text = report(outcomes)
    (options.out / "porting.md").write_text(text + "\n")
    (options.out / "porting.json").write_text(json.dumps([asdict(o) for o in outcomes], indent=1))
    print(text)


if __name__ == "__main__":
    main()
