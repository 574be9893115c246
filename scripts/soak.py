"""Soak dagrun: many runs of a mixed flow with random kills, stops and concurrent runs.

Every run works on one state dir (one history, one cache), and three rounds run
at any time, so most runs overlap others. A round is one of: a plain run; two to
four runs started together (some into the same output folder); a run SIGKILLed
at a random moment; a run stopped with SIGINT or SIGTERM. After each run its
output folder is checked under the folder's lock (no temporary file, run.json
matches the files), its outputs against values computed here, and its exit code
against what its seed should give. At the end the history and the cache are
checked entry by entry and one clean run per seed must succeed. Prints the
figures as JSON; exit 1 if any inconsistency was found.

    python scripts/soak.py [--runs 1000] [--seed 1] [--workdir DIR]
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import shutil
import signal
import sys
import tempfile
import threading
import time
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from subprocess import Popen

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from dagrun.io.lock import folder_lock  # noqa: E402
from scripts import soak_flow  # noqa: E402
from tests.faults.harness import (  # noqa: E402
    dagrun,
    dagrun_process,
    history_rows,
    out_dir_problems,
    problems,
)

SEEDS = range(1, 13)  # few seeds: most runs can reuse cached work
OUT_DIRS = ("a", "b", "c")


class Soak:
    """One soak: its folder, its tallies and what it found wrong (shared by the round threads)."""

    def __init__(self, workdir: Path) -> None:
        self.workdir = workdir
        self.run_file = workdir / "soak.yaml"
        self.run_file.write_text(
            f"modules: [{ROOT / 'scripts' / 'soak_flow.py'}]\n"
            "inputs: {size_kb: 512}\n"
            "outputs: {report: report.json, blob: blob.bin, text: text.txt}\n"
            "executor: {kind: threads, workers: 3}\n"
        )
        self.counts = {"runs": 0, "sigkill": 0, "sigint": 0, "sigterm": 0, "concurrent": 0}
        self.finished: dict[str, str] = {}  # run_id -> status, from --json
        self.inconsistencies: list[str] = []
        self.lock = threading.Lock()
        self.active = 0

    def args(self, seed: int, out: str) -> list[str]:
        out_dir = str(self.workdir / "out" / out)
        return ["execute", str(self.run_file), "-q", "--json", "-i", f"seed={seed}", "-o", out_dir]

    def start(self, seed: int, out: str) -> Popen[str]:
        with self.lock:
            self.counts["runs"] += 1
            self.counts["concurrent"] += self.active > 0
            self.active += 1
        return dagrun_process(self.args(seed, out), self.workdir)

    def count(self, key: str) -> None:
        with self.lock:
            self.counts[key] += 1

    def flag(self, problem: str) -> None:
        with self.lock:
            self.inconsistencies.append(problem)

    def settle(self, process: Popen[str], seed: int, out: str, stop: int | None = None) -> None:
        """Wait for a run; check its folder, exit code, record and values against its seed."""
        stdout, stderr = process.communicate(timeout=300)
        with self.lock:
            self.active -= 1
        with folder_lock(self.workdir / "out" / out):  # a consistent view, as any reader gets
            for problem in out_dir_problems(self.workdir / "out" / out):
                self.flag(problem)
            self.check(process.returncode, stdout, stderr, seed, stop)

    def check(self, code: int, stdout: str, stderr: str, seed: int, stop: int | None) -> None:
        if code == -signal.SIGKILL or (stop is not None and code == -stop):
            return  # killed, or stopped while Python was still importing dagrun
        expected = {1 if seed % 9 == 0 else 0} | ({128 + stop} if stop else set())
        if code not in expected or "Traceback" in stderr:
            self.flag(f"seed {seed}: exit {code} (expected {sorted(expected)}): {stderr[-600:]}")
            return
        record = json.loads(stdout) if stdout else {}
        if "run_id" not in record and stop is not None and code == 128 + stop:
            return  # stopped before the run began: there is no run to record
        with self.lock:
            self.finished[record["run_id"]] = record["status"]
        report = record["outputs"].get("report")
        if record["status"] == "success" and report:
            self.check_report(Path(report["path"]), report["sha256"], seed)

    def check_report(self, path: Path, digest: str, seed: int) -> None:
        if not path.exists() or hashlib.sha256(path.read_bytes()).hexdigest() != digest:
            return  # a later run replaced it; that run is checked on its own
        raw = soak_flow.raw(seed)
        stats, text = soak_flow.stats(raw), soak_flow.text(raw)
        expected = soak_flow.report(stats, text, seed * 7, soak_flow.flaky(seed))
        if json.loads(path.read_text()) != expected:
            self.flag(f"seed {seed}: {path} does not hold the values of seed {seed}")

    # ---- rounds ----------------------------------------------------------------

    def plain(self, rng: random.Random) -> None:
        seed, out = rng.choice(SEEDS), rng.choice(OUT_DIRS)
        self.settle(self.start(seed, out), seed, out)

    def together(self, rng: random.Random) -> None:
        runs = [(rng.choice(SEEDS), rng.choice(OUT_DIRS)) for _ in range(rng.randint(2, 4))]
        started = [(self.start(seed, out), seed, out) for seed, out in runs]
        for process, seed, out in started:
            self.settle(process, seed, out)

    def killed(self, rng: random.Random) -> None:
        seed, out = rng.choice(SEEDS), rng.choice(OUT_DIRS)
        process = self.start(seed, out)
        time.sleep(rng.uniform(0.0, 1.6))
        process.send_signal(signal.SIGKILL)
        self.count("sigkill")
        self.settle(process, seed, out)

    def stopped(self, rng: random.Random) -> None:
        seed, out = rng.choice(SEEDS), rng.choice(OUT_DIRS)
        stop = rng.choice((signal.SIGINT, signal.SIGTERM))
        process = self.start(seed, out)
        time.sleep(rng.uniform(0.3, 1.6))
        process.send_signal(stop)
        self.count("sigint" if stop == signal.SIGINT else "sigterm")
        self.settle(process, seed, out, stop)

    # ---- the end -----------------------------------------------------------------

    def final_check(self) -> None:
        state = self.workdir / ".dagrun"
        for problem in problems(state, [self.workdir / "out" / o for o in OUT_DIRS]):
            self.flag(problem)
        recorded = dict(history_rows(state))
        for run_id, status in self.finished.items():
            if recorded.get(run_id) != status:
                self.flag(f"run {run_id} ({status}) is {recorded.get(run_id)} in the history")
        for seed in SEEDS:
            done = dagrun(self.args(seed, "final"), self.workdir)
            if done.returncode != (1 if seed % 9 == 0 else 0) or "Traceback" in done.stderr:
                self.flag(f"final run of seed {seed}: exit {done.returncode}")
        staged = list((state / "staging").glob(".*.part"))
        if staged:
            self.flag(f"{len(staged)} temporary file(s) left in the staging folder")


def _progress(done: Future[None], soak: Soak) -> None:
    if done.exception() is not None:
        soak.flag(f"a soak round crashed: {done.exception()!r}")
    if soak.counts["runs"] % 100 < 3:
        print(f"{soak.counts['runs']} runs, {len(soak.inconsistencies)} problems", file=sys.stderr)


def main() -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--runs", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--workdir", type=Path, default=None)
    options = parser.parse_args()
    workdir = options.workdir or Path(tempfile.mkdtemp(prefix="dagrun-soak-"))
    workdir.mkdir(parents=True, exist_ok=True)
    soak = Soak(workdir)
    rng = random.Random(options.seed)
    rounds = (soak.plain, soak.plain, soak.together, soak.killed, soak.stopped)
    started = time.monotonic()
    slots = threading.Semaphore(3)
    with ThreadPoolExecutor(3) as pool:
        while soak.counts["runs"] < options.runs:
            slots.acquire()
            future = pool.submit(rng.choice(rounds), random.Random(rng.random()))
            future.add_done_callback(lambda done: (slots.release(), _progress(done, soak)))
            time.sleep(0.05)  # let the round start its runs before counting again
    soak.final_check()
    figures = {
        **soak.counts,
        "finished_runs_checked": len(soak.finished),
        "history_rows": len(history_rows(workdir / ".dagrun")),
        "inconsistencies": len(soak.inconsistencies),
        "minutes": round((time.monotonic() - started) / 60, 1),
    }
    print(json.dumps({"figures": figures, "problems": soak.inconsistencies[:20]}, indent=2))
    if options.workdir is None and not soak.inconsistencies:
        shutil.rmtree(workdir)
    return 1 if soak.inconsistencies else 0


if __name__ == "__main__":
    sys.exit(main())
