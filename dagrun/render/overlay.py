"""Run overlay: what happened to each node in one run, read from a run record's ``nodes``.

A run record (SPEC §3) holds ``nodes: {name: {status, duration_s, error?}}``. This
module turns that plain mapping into ``NodeRun`` values the picture colours nodes
by, so the overlay is testable without a run history on disk.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from dagrun.errors import InputError
from dagrun.render.style import STATUSES


@dataclass(frozen=True, slots=True)
class NodeRun:
    """One node's fate in a run: its status and how long it took."""

    status: str  # done | cached | failed | skipped | not_run
    duration_s: float | None = None
    error: str = ""

    def caption(self) -> str:
        """The status line drawn under the node: ``failed · 1.24 s``; a time only if one passed."""
        timed = self.duration_s is not None and (self.duration_s > 0 or self.status == "done")
        if not timed or self.status in ("skipped", "not_run"):
            return self.status.replace("_", " ")
        return f"{self.status} · {format_duration(self.duration_s)}"


def format_duration(seconds: float) -> str:
    """A duration as people read it: ``850 µs``, ``12 ms``, ``3.41 s``, ``2 min 5 s``."""
    if seconds < 1e-3:
        return f"{seconds * 1e6:.0f} µs"
    if seconds < 1:
        return f"{seconds * 1e3:.0f} ms"
    if seconds < 60:
        return f"{seconds:.3g} s"
    minutes, rest = divmod(round(seconds), 60)
    return f"{minutes} min {rest} s"


def runs_from_record(nodes: Mapping[str, Any]) -> dict[str, NodeRun]:
    """``NodeRun`` per node from a run record's ``nodes`` mapping.

    Raises:
        InputError: an entry is not a mapping or names a status dagrun does not write.
    """
    runs: dict[str, NodeRun] = {}
    for name, entry in nodes.items():
        status = entry.get("status") if isinstance(entry, Mapping) else None
        if status not in STATUSES:
            raise InputError(
                f"run record entry for node '{name}' has status {status!r}",
                node=name,
                hint=f"a run record's node status is one of {', '.join(STATUSES)}",
            )
        duration = entry.get("duration_s")
        runs[name] = NodeRun(
            status, float(duration) if duration is not None else None, _message(entry.get("error"))
        )
    return runs


def _message(error: Any) -> str:
    """The error text of a record entry: a plain string or an error's ``to_dict()``."""
    if isinstance(error, Mapping):
        return str(error.get("message", ""))
    return "" if error is None else str(error)
