"""The run-or-reuse decision for one node, and the reason a user reads.

A node's key is the digest of its code fingerprint and the fingerprints of the
values it reads (inputs, config values, upstream results). What goes in depends
on the node's cache behavior (``@cache(behavior=...)``, kept in
``Node.meta["cache"]``):

- ``default``: reuse a stored result when the key matches;
- ``recompute``: always run, store the result (consumers still key on it, so a
  recomputed node that yields the same value leaves them reused);
- ``disable``: always run, store nothing; its readers always run too (further
  down, a reader that yields its old value still cuts off);
- ``ignore``: always run, store nothing, and leave its value out of consumers'
  keys (clients, connections, loggers).

On a miss the reason names the first thing that differs from the node's latest
stored entry: "code changed", "input x changed: 5 → 7", "upstream left changed",
or "no entry" when the node was never stored.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from dagrun.caching.fingerprint import digest
from dagrun.caching.store import Entry
from dagrun.node import Node

REUSE, RUN, SKIP = "reuse", "run", "skip"
DEFAULT, RECOMPUTE, DISABLE, IGNORE = "default", "recompute", "disable", "ignore"
KEY_VERSION = "dagrun-cache-1"  # bump when the key recipe changes
CACHEABLE_ROLES = frozenset({"function", "check"})
_PREVIEW_TYPES = (bool, int, float, str, type(None))


@dataclass(frozen=True, slots=True)
class Decision:
    """Whether a node runs or its stored result is reused, and why."""

    node: str
    action: str  # reuse | run | skip (not needed: everything reading it is reused)
    reason: str
    key: str | None = None


@dataclass(frozen=True, slots=True)
class Input:
    """One value a node reads, as the cache sees it."""

    name: str
    fingerprint: str | None  # None: cannot be fingerprinted
    source: str  # "node", or where a supplied value came from: input | config | override
    preview: str | None = None  # a short display of a small supplied value, for reasons


def behavior_of(node: Node) -> str:
    """The node's ``@cache`` behavior (``default`` when it has none)."""
    record = node.meta.get("cache") if node.meta else None
    if isinstance(record, Mapping):
        return record.get("behavior") or DEFAULT
    return getattr(record, "behavior", None) or DEFAULT


def node_key(code: str, inputs: Sequence[Input]) -> str | None:
    """The cache key for code plus inputs; None when an input has no fingerprint."""
    parts = [KEY_VERSION, code]
    for item in inputs:
        if item.fingerprint is None:
            return None
        parts += [item.name, item.fingerprint]
    return digest(*parts)


def preview(value: Any) -> str | None:
    """A short display of a small scalar (for "input x changed: 5 → 7"), else None."""
    if type(value) not in _PREVIEW_TYPES:
        return None
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "..."


def recorded_inputs(inputs: Sequence[Input]) -> dict[str, list[Any]]:
    """What an entry keeps about its inputs, so a later miss can say what changed."""
    return {item.name: [item.fingerprint, item.preview] for item in inputs}


def explain_miss(latest: Entry | None, code: str, inputs: Sequence[Input]) -> str:
    """Why a key missed, judged against the node's latest stored entry."""
    if latest is None:
        return "no entry"
    if latest.code != code:
        return "code changed"
    recorded = latest.inputs
    for item in inputs:
        before = recorded.get(item.name)
        if before is None:
            return f"new input {item.name}"
        if before[0] != item.fingerprint:
            return _changed(item, before[1])
    return "no entry"


def _changed(item: Input, before: str | None) -> str:
    if item.source == "node":
        return f"upstream {item.name} changed"
    if before and before == item.preview:  # the same file, its content changed
        change = f" ({before})"
    else:
        change = f": {before} → {item.preview}" if before and item.preview else ""
    return f"{item.source} {item.name} changed{change}"


def stores(node: Node) -> bool:
    """Whether the node's results go to the store (not for disable/ignore or parallel blocks)."""
    return behavior_of(node) in (DEFAULT, RECOMPUTE) and node.role in CACHEABLE_ROLES


def static_reason(
    node: Node, forced: bool, block: bool = False, behavior: str | None = None
) -> str | None:
    """The reason a node runs whatever the store holds, or None when it may be reused.

    A Parallelizable block runs item by item inside the executor, so the cache
    cannot stand in for the whole of it; each item's nodes are looked up and
    stored one item at a time instead.
    """
    if forced:
        return "forced"
    if block:
        return "runs per Parallelizable item (each item's results are cached)"
    behavior = behavior or behavior_of(node)
    if behavior != DEFAULT:
        return f'@cache(behavior="{behavior}")'
    if node.role not in CACHEABLE_ROLES:
        return f"not cacheable ({node.role} node)"
    return None
