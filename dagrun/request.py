"""A run request: what to compute and what to do with it, as plain data.

``Driver.run`` takes one (or builds one from its keyword arguments); the CLI
makes one from a run file. Nothing here runs anything.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from dagrun.io.destinations import OutputTarget
from dagrun.io.storage import Location


@dataclass(frozen=True, slots=True)
class Request:
    """One run: outputs, supplied values, and the cache, files and record around it.

    Args:
        outputs: node names to compute.
        inputs, overrides: supplied values (overrides short-circuit nodes); an
            input may be a ``dagrun.io.FileInput``, loaded when the run starts.
        secrets: values the functions take like inputs that never reach the run
            record, the history, dry-run output or cache keys.
        keep_going: on a failure, skip what depends on it and run the rest;
            otherwise stop at the first failing node. Either way the run ends
            with a result, not an exception.
        cache: reuse stored results of unchanged nodes and store new ones.
        force: node names to recompute with everything downstream (with ``cache``).
        out_dir: a folder or URL: write each output there (``targets`` says how),
            with ``run.json``
            beside them, and add the record to the history. None: write nothing.
        targets: per output, the path (relative to ``out_dir``), format, or
            ``write=False``; outputs not named go to ``out_dir/<name>.<ext>``.
        run_file: the run file, if any: the state dir is ``.dagrun/`` beside it.
        state_dir: where the cache and the history live; None: ``$DAGRUN_STATE_DIR``,
            else ``.dagrun/`` beside the run file, else in the current folder.
        record_extra: more fields for the run record (the CLI adds its flags).
    """

    outputs: tuple[str, ...]
    inputs: Mapping[str, Any] = field(default_factory=dict)
    overrides: Mapping[str, Any] = field(default_factory=dict)
    secrets: Mapping[str, Any] = field(default_factory=dict)
    keep_going: bool = True
    cache: bool = False
    force: tuple[str, ...] = ()
    out_dir: Location | None = None
    targets: Mapping[str, OutputTarget] = field(default_factory=dict)
    run_file: Path | None = None
    state_dir: Path | None = None
    record_extra: Mapping[str, Any] = field(default_factory=dict)

    def supplied(self) -> dict[str, Any]:
        """The inputs with the secrets: every external value the functions may take."""
        return {**self.inputs, **self.secrets} if self.secrets else dict(self.inputs)
