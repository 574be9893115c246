"""Run every benchmark in this folder: `make bench`."""

from __future__ import annotations

import pathlib
import runpy
import sys

HERE = pathlib.Path(__file__).resolve().parent

if __name__ == "__main__":
    sys.path.insert(0, str(HERE))
    only = sys.argv[1:]
    for script in sorted(HERE.glob("bench_*.py")):
        if only and not any(word in script.stem for word in only):
            continue
        print(f"\n== {script.stem}", flush=True)
        sys.argv = [str(script)]  # each benchmark sees its own command line
        runpy.run_path(str(script), run_name="__main__")
