"""The callable a cached step runs: key the node on its inputs, reuse or run, store.

``CachedCall`` stands in for a step's function inside any executor. It makes
the node's key from the fingerprints of the values it is called with (those
known before the run come from the session; fresh ones from the run's ledger,
or are hashed in place in a worker process), returns a stored result when the
key is found, and otherwise calls the function and stores what it returns.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from dagrun.caching import decide
from dagrun.caching.codec import FormatError, format_of
from dagrun.caching.decide import IGNORE, Input
from dagrun.caching.fingerprint import fingerprint
from dagrun.caching.store import BlobError, Entry
from dagrun.errors import NodeError
from dagrun.executors.attempts import note_reused
from dagrun.plan import Step

if TYPE_CHECKING:
    from dagrun.caching.session import CachedRun

log = logging.getLogger("dagrun.caching")

PENDING = "<pending>"  # known once the upstream has run
IGNORED = "<ignored>"  # left out of consumers' keys


@dataclass(slots=True)
class Ledger:
    """What one run learns as it goes: output fingerprints and dynamic reuses."""

    fingerprints: dict[str, str | None] = field(default_factory=dict)
    hits: dict[str, str] = field(default_factory=dict)  # node -> reason
    used: list[Entry] = field(default_factory=list)  # entries read, to mark as used


class CachedCall:
    """A step's callable that keys, looks up, runs and stores one node.

    Picklable for process and Dask workers: there the ledger starts empty and
    fingerprints of fresh inputs are computed from the values themselves.
    """

    def __init__(
        self, run: CachedRun, step: Step, names: Sequence[str], forced: bool | None = None
    ) -> None:
        node = step.node
        self.fn = step.fn or node.callable
        self.name = node.name
        self.code = run.codes[node.name]
        self.names = tuple(names)
        self.params = step.keywords
        self.keep = decide.behavior_of(node) not in (decide.DISABLE, IGNORE)
        self.store = run.store if decide.stores(node) else None
        self.format = format_of(node) if node.meta else None
        self.run_id = run.run_id
        self.remote = False  # True in a worker process, where the run's ledger is not
        if forced is None:
            self.known = {
                n: run.input_of(n) for n in names if run.ledger.fingerprints[n] != PENDING
            }
            self.lookup = node.name in run.dynamic
            self.ledger = run.ledger
        else:  # inside a Parallelizable block: once per item, so nothing is known by name
            self.known = {}
            self.lookup = decide.static_reason(node, forced) is None
            self.ledger = Ledger()

    def __getstate__(self) -> dict[str, Any]:
        state = dict(self.__dict__)
        state["ledger"] = Ledger()
        state["remote"] = True
        return state

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        values = args if self.params is None else [kwargs[p] for p in self.params]
        inputs = [self._input(name, value) for name, value in zip(self.names, values, strict=True)]
        inputs = [item for item in inputs if item.fingerprint != IGNORED]
        key = decide.node_key(self.code, inputs) if self.store is not None else None
        if key is not None and self.lookup:
            entry = self.store.get(key)  # type: ignore[union-attr]
            if entry is not None:
                value = self._load(entry)
                if value is not _UNREADABLE:
                    note_reused()  # the node's event says cached, from whichever process
                    return value
        value = self.fn(*args, **kwargs)
        if not self.keep:
            self.ledger.fingerprints[self.name] = None
            return value
        result = fingerprint(value)
        self.ledger.fingerprints[self.name] = result
        if key is not None and result is not None:
            self._put(key, value, result, decide.recorded_inputs(inputs))
        return value

    def _put(self, key: str, value: Any, result: str, inputs: dict[str, Any]) -> None:
        store = self.store
        assert store is not None  # only called when there is a key, so a store
        try:
            store.put(key, self.name, self.code, value, result, inputs, self.run_id, self.format)
        except FormatError as error:
            raise NodeError(
                f"node '{self.name}' returned a value its @cache(format={self.format!r}) "
                f"cannot store: {error}",
                hint="return a value that format holds, choose another format, or drop "
                "format= (the cache then pickles the value)",
            ) from error

    def _input(self, name: str, value: Any) -> Input:
        known = self.known.get(name)
        if known is not None:
            return known
        result = self.ledger.fingerprints.get(name, PENDING)
        if result == PENDING:
            result = fingerprint(value)
        return Input(name, result, "node")

    def _load(self, entry: Entry) -> Any:
        try:
            value = self.store.load(entry)  # type: ignore[union-attr]
        except BlobError as error:
            log.warning("recomputing '%s': %s", self.name, error)
            return _UNREADABLE
        self.ledger.fingerprints[self.name] = entry.value_fp
        self.ledger.hits[self.name] = CUT_OFF
        self.ledger.used.append(entry)
        if self.remote:  # the run's ledger is in the driver: mark the entry used from here
            self.store.touch([entry])  # type: ignore[union-attr]
        return value


_UNREADABLE = object()
CUT_OFF = "unchanged (upstream recomputed to the same value)"
