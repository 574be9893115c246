"""One cached run: decide every node top-down, rewrite the plan, record as it runs.

``prepare`` walks the plan once in order and keys each node from its code
fingerprint and the fingerprints of what it reads: supplied values are hashed
once, and a reused upstream contributes the fingerprint stored with its entry,
so a fully cached rerun hashes no intermediate and loads no blob it does not
need. A second, backward walk keeps only what the requested outputs need: a
reused node becomes a loaded value in its slot, a node that must run keeps its
step (its callable wrapped in ``call.CachedCall``), everything else is dropped.

Nodes downstream of one that runs cannot be decided before it has run: their
``CachedCall`` keys them on the fresh values and reuses a stored result when
the key matches (early cut-off). Because keys are made from the values each
node actually read, rerunning after a failure reuses everything that succeeded.
"""

from __future__ import annotations

import logging
from collections.abc import Collection, Mapping, Sequence
from dataclasses import replace
from typing import Any

from dagrun.caching import decide
from dagrun.caching.call import CUT_OFF, IGNORED, PENDING, CachedCall, Ledger
from dagrun.caching.code import CodeFingerprints
from dagrun.caching.decide import IGNORE, REUSE, RUN, SKIP, Decision, Input
from dagrun.caching.fingerprint import fingerprint
from dagrun.caching.store import BlobError, Entry, EntryIndex, Store
from dagrun.executors.events import CACHED, Event, Observer, notify
from dagrun.plan import Plan, Step, plain_calls

log = logging.getLogger("dagrun.caching")


class CachedRun:
    """The cache's view of one run: decisions, the rewritten plan, the ledger.

    Use ``prepare`` to make one; then run ``plan`` on ``values`` with the
    observers from ``start``, and call ``finish`` afterwards.
    """

    def __init__(self, store: Store, plan: Plan, values: list[Any], run_id: str | None) -> None:
        self.store = store
        self.original = plan
        self.plan = plan
        self.values = values
        self.run_id = run_id
        self.ledger = Ledger()
        self.codes: dict[str, str] = {}
        self.inputs: dict[str, Input] = {}
        # Supplied values fingerprinted by the caller: name -> (fingerprint, preview).
        self.known: dict[str, tuple[str, str | None]] = {}
        self.entries: dict[str, Entry] = {}
        self._decisions: dict[str, Decision] = {}
        self._stored = EntryIndex(())  # the plan's stored entries, read once
        self.dynamic: set[str] = set()  # decided while running, on fresh upstream values
        self.forced: set[str] = set()  # --force names and everything downstream of them
        self._code_fps = CodeFingerprints()
        self.slot_names = [""] * plan.size
        for name, slot in plan.slots.items():
            self.slot_names[slot] = name

    def input_of(self, name: str) -> Input:
        """What the cache knows before running about the value named ``name``."""
        known = self.inputs.get(name)
        return known or Input(name, self.ledger.fingerprints[name], "node")

    def arg_names(self, step: Step) -> list[str]:
        """The names of the values ``step`` reads, in argument order."""
        return [self.slot_names[slot] for slot in step.args]

    @property
    def decisions(self) -> dict[str, Decision]:
        """Per node: run or reuse and why, including reuses found while running."""
        found = dict(self._decisions)
        for name, reason in self.ledger.hits.items():
            found[name] = Decision(name, REUSE, reason, found[name].key)
        return found

    def start(self, observers: Sequence[Observer]) -> list[Observer]:
        """Report the reused nodes as ``cached``; return observers that do so for later hits."""
        for step in self.original.steps:
            if self._decisions[step.name].action == REUSE:
                notify(observers, Event(CACHED, step.name, step.index))
        if not observers:
            return []

        def note_hits(event: Event) -> None:
            # A reuse found in a worker process reaches the run's ledger through its event.
            if event.kind == CACHED and event.node in self.dynamic:
                self.ledger.hits.setdefault(event.node, CUT_OFF)
            notify(observers, event)

        return [note_hits]

    def summary(self) -> dict[str, dict[str, str]]:
        """Decisions as plain data, for run records and ``--json``."""
        return {n: {"action": d.action, "reason": d.reason} for n, d in self.decisions.items()}

    def finish(self) -> None:
        """Mark every entry this run read as used now."""
        self.store.touch(self.ledger.used)
        self.store.flush()

    # ---- deciding ------------------------------------------------------------

    def decide_all(self, forced: Collection[str]) -> None:
        fingerprints = self.ledger.fingerprints
        for seed in self.plan.seeds:
            if seed.name in self.known:
                fingerprints[seed.name], preview = self.known[seed.name]
            else:
                value = self.values[seed.slot]
                fingerprints[seed.name], preview = fingerprint(value), decide.preview(value)
            self.inputs[seed.name] = Input(seed.name, fingerprints[seed.name], seed.source, preview)
        codes = self._code_fps
        self._stored = self.store.index_of(step.name for step in self.plan.steps)
        self.forced = set(forced)
        for step in self.plan.steps:
            names = self.arg_names(step)
            if self.forced.intersection(names):
                self.forced.add(step.name)
            self.codes[step.name] = codes.node(step.node)
            self._decisions[step.name] = self._decide(step, names, step.name in self.forced)

    def _decide(self, step: Step, names: Sequence[str], forced: bool) -> Decision:
        node, fingerprints = step.node, self.ledger.fingerprints
        behavior = decide.behavior_of(node) if node.meta else decide.DEFAULT
        static = decide.static_reason(node, forced, step.block is not None, behavior)
        fingerprints[node.name] = (
            IGNORED if behavior == IGNORE else None if behavior == decide.DISABLE else PENDING
        )
        if static is not None:
            return Decision(node.name, RUN, static)
        inputs = []
        for name in names:
            known = fingerprints[name]
            if known == PENDING:
                self.dynamic.add(node.name)
                seen = node.name in self._stored
                return Decision(node.name, RUN, f"upstream {name} changed" if seen else "no entry")
            if known is None:
                seed = self.inputs.get(name)
                what = (
                    f"{seed.source} {name} cannot be fingerprinted"
                    if seed
                    else (f"upstream {name} is not cached")
                )
                return Decision(node.name, RUN, what)
            if known != IGNORED:
                inputs.append(self.input_of(name))
        key = decide.node_key(self.codes[node.name], inputs)
        entry = self._stored.get(key) if key else None
        if entry is None:
            reason = decide.explain_miss(
                self._stored.latest(node.name), self.codes[node.name], inputs
            )
            return Decision(node.name, RUN, reason, key)
        fingerprints[node.name] = entry.value_fp
        self.entries[node.name] = entry
        return Decision(node.name, REUSE, "unchanged", key)

    # ---- rewriting -----------------------------------------------------------

    def rewrite(self, load: bool = True) -> None:
        """Keep the steps the outputs need; load reused values into their slots."""
        needed = {name for name, _ in self.plan.outputs}
        kept: list[tuple[Step, list[str]]] = []
        for step in reversed(self.plan.steps):
            decision = self._decisions[step.name]
            if step.name not in needed:
                if decision.action == RUN:
                    self._decisions[step.name] = replace(
                        decision, action=SKIP, reason="not needed: its consumers are reused"
                    )
                continue
            if decision.action == REUSE and (not load or self._load(step)):
                continue
            names = self.arg_names(step)
            needed.update(names)
            kept.append((step, names))
        kept.reverse()
        steps = [
            self._per_item(step) if step.block else replace(step, fn=CachedCall(self, step, names))
            for step, names in kept
        ]
        self.plan = _replan(self.plan, steps)

    def _per_item(self, step: Step) -> Step:
        """A block step whose per-item nodes look up and store each item's results."""
        assert step.block is not None
        inner = step.block.plan
        names = [""] * inner.size
        for name, slot in inner.slots.items():
            names[slot] = name
        forced = step.name in self.forced
        wrapped = []
        for item_step in inner.steps:
            self.codes[item_step.name] = self._code_fps.node(item_step.node)
            call = CachedCall(self, item_step, [names[s] for s in item_step.args], forced)
            wrapped.append(replace(item_step, fn=call))
        return replace(step, block=replace(step.block, plan=_replan(inner, wrapped)))

    def _load(self, step: Step) -> bool:
        entry = self.entries[step.name]
        try:
            self.values[step.out] = self.store.load(entry)
        except BlobError as error:
            log.warning("recomputing '%s': %s", step.name, error)
            self._decisions[step.name] = Decision(
                step.name, RUN, f"stored result unreadable ({error})", entry.key
            )
            self.ledger.fingerprints[step.name] = PENDING
            return False
        self.ledger.used.append(entry)
        return True


def prepare(
    store: Store,
    plan: Plan,
    values: list[Any],
    *,
    force: Collection[str] = (),
    run_id: str | None = None,
    dry_run: bool = False,
    known: Mapping[str, tuple[str, str | None]] | None = None,
) -> CachedRun:
    """Decide every node of ``plan`` and rewrite it to reuse what the store holds.

    Args:
        store: the state dir's cache store.
        plan: the compiled plan.
        values: the slot list seeded with supplied values; reused results are
            loaded into it (not with ``dry_run``).
        force: node names to recompute, with everything downstream of them.
        run_id: recorded with each stored entry.
        dry_run: decide only; load nothing.
        known: supplied values whose fingerprint and preview the caller knows
            (a file input's content, a secret's constant), used instead of the value.
    """
    store.batching = True
    run = CachedRun(store, plan, values, run_id)
    run.known.update(known or {})
    run.decide_all(force)
    run.rewrite(load=not dry_run)
    return run


def _replan(plan: Plan, steps: Sequence[Step]) -> Plan:
    """``plan`` running only ``steps``: renumbered, with fresh release lists."""
    keep = {slot for _, slot in plan.outputs}
    last: dict[int, int] = {}
    for index, step in enumerate(steps):
        for slot in step.args:
            last[slot] = index
    releases: list[list[int]] = [[] for _ in steps]
    for slot, index in last.items():
        if slot not in keep:
            releases[index].append(slot)
    renumbered = tuple(
        replace(step, release=tuple(releases[index]), index=index)
        for index, step in enumerate(steps)
    )
    return replace(plan, steps=renumbered, calls=plain_calls(renumbered))
