"""Run-steering records: ``@retry`` and ``@timeout``, and their run-file overrides.

Both decorators only record a frozen policy in ``Node.meta`` (``"retry"``,
``"timeout"``); executors read it when they call the node. The run file can set
or replace them per node, and size the concurrency pools that ``@tag(pool=...)``
names, through ``runtime_settings``::

    pools: {openai: 4}
    retries: {summary: {times: 3, on: [ConnectionError, TimeoutError], backoff: 0.5}}
    timeouts: {summary: 30}
"""

from __future__ import annotations

import builtins
import importlib
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from dagrun.errors import DagrunError, GraphError, InputError, did_you_mean
from dagrun.modifiers.base import Modifier
from dagrun.node import Node

RETRY, TIMEOUT, POOL = "retry", "timeout", "pool"


@dataclass(frozen=True, slots=True)
class RetryPolicy:
    """How often to call a node again when it raises one of ``on``, and how long to wait.

    ``times`` counts the retries after the first attempt, so a node runs at most
    ``times + 1`` times. The wait before retry ``n`` is ``backoff * 2**(n-1)``,
    capped at ``max_backoff``; with ``jitter`` it is drawn from the upper half of
    that, so many callers hitting one API do not retry in lockstep.
    """

    times: int = 3
    on: tuple[type[BaseException], ...] = (Exception,)
    backoff: float = 0.5
    max_backoff: float = 30.0
    jitter: bool = True

    def wait_before(self, retry_number: int) -> float:
        """Seconds to sleep before retry ``retry_number`` (1 for the first retry)."""
        wait = min(self.max_backoff, self.backoff * 2 ** (retry_number - 1))
        if not self.jitter:
            return wait
        import random  # on use: keeps `import dagrun` quick

        return wait * random.uniform(0.5, 1.0)


class retry(Modifier):  # lower-case, as decorators are
    """Call the node again, with exponential backoff, when it raises one of ``on``.

    Args:
        times: retries after the first attempt.
        on: the exception types worth retrying (a node's timeout is a ``TimeoutError``).
        backoff: seconds before the first retry; doubled before each next one.
        max_backoff: the longest single wait.
        jitter: randomise each wait within its upper half.
    """

    stage = "annotate"

    def __init__(
        self,
        times: int = 3,
        on: type[BaseException] | Iterable[type[BaseException]] = (Exception,),
        backoff: float = 0.5,
        max_backoff: float = 30.0,
        jitter: bool = True,
    ) -> None:
        self.policy = retry_policy(
            GraphError, times=times, on=on, backoff=backoff, max_backoff=max_backoff, jitter=jitter
        )

    def apply(
        self, nodes: list[Node], fn: Callable[..., Any], config: Mapping[str, Any]
    ) -> list[Node]:
        return [with_meta(node, RETRY, self.policy) for node in nodes]


class timeout(Modifier):  # lower-case, as decorators are
    """Fail an attempt of the node with ``TimeoutError`` after ``seconds``.

    The attempt's thread cannot be killed; it is abandoned and its result dropped.
    """

    stage = "annotate"

    def __init__(self, seconds: float) -> None:
        self.seconds = timeout_seconds(seconds, GraphError)

    def apply(
        self, nodes: list[Node], fn: Callable[..., Any], config: Mapping[str, Any]
    ) -> list[Node]:
        return [with_meta(node, TIMEOUT, self.seconds) for node in nodes]


def with_meta(node: Node, key: str, value: Any) -> Node:
    return replace(node, meta={**node.meta, key: value})


def retry_policy(error: type[DagrunError] = InputError, **fields: Any) -> RetryPolicy:
    """A checked ``RetryPolicy``; ``on`` may be one type, types, or their names.

    Raises:
        error: a field is out of range or names no exception type (``GraphError``
            for a decorator, ``InputError`` for the run file).
    """
    unknown = set(fields) - set(RetryPolicy.__dataclass_fields__)
    if unknown:
        raise error(
            f"retry: unknown setting(s) {', '.join(sorted(unknown))}",
            hint="use times, on, backoff, max_backoff and jitter",
        )
    on = fields.pop("on", (Exception,))
    on = (on,) if isinstance(on, type | str) else tuple(on)
    policy = RetryPolicy(on=tuple(_exception_type(item, error) for item in on), **fields)
    if isinstance(policy.times, bool) or not isinstance(policy.times, int) or policy.times < 0:
        raise error(f"retry times must be a whole number >= 0, not {policy.times!r}")
    if not all(_seconds(s) for s in (policy.backoff, policy.max_backoff)):
        raise error("retry backoff and max_backoff must be numbers of seconds >= 0")
    return policy


def timeout_seconds(seconds: Any, error: type[DagrunError] = InputError) -> float:
    if not _seconds(seconds) or seconds == 0:
        raise error(f"timeout must be a number of seconds > 0, not {seconds!r}")
    return float(seconds)


def _seconds(value: Any) -> bool:
    return not isinstance(value, bool) and isinstance(value, int | float) and value >= 0


def _exception_type(item: Any, error: type[DagrunError]) -> type[BaseException]:
    """An exception class from itself or its name (``"TimeoutError"``, ``"httpx.ReadError"``)."""
    if isinstance(item, str):
        module, _, name = item.rpartition(".")
        try:
            item = getattr(importlib.import_module(module) if module else builtins, name)
        except (ImportError, AttributeError):
            raise error(
                f"retry on: unknown exception '{item}'",
                hint="use a builtin name (ConnectionError) or a dotted path (httpx.ReadError)",
            ) from None
    if not (isinstance(item, type) and issubclass(item, BaseException)):
        raise error(f"retry on: {item!r} is not an exception type")
    return item


@dataclass(frozen=True, slots=True)
class RuntimeSettings:
    """Run-file settings that steer execution: pool sizes, per-node retries and timeouts."""

    pools: Mapping[str, int] = field(default_factory=dict)
    retries: Mapping[str, RetryPolicy] = field(default_factory=dict)
    timeouts: Mapping[str, float] = field(default_factory=dict)


def runtime_settings(mapping: Mapping[str, Any] | None) -> RuntimeSettings:
    """``RuntimeSettings`` from the run file's ``pools``/``retries``/``timeouts`` mapping.

    Raises:
        InputError: an unknown key, a pool size below 1, a bad retry or timeout.
    """
    mapping = dict(mapping or {})
    unknown = set(mapping) - {"pools", "retries", "timeouts"}
    if unknown:
        raise InputError(
            f"unknown runtime setting(s): {', '.join(sorted(unknown))}",
            hint="use pools, retries and timeouts",
        )
    pools = dict(mapping.get("pools") or {})
    for name, size in pools.items():
        if isinstance(size, bool) or not isinstance(size, int) or size < 1:
            raise InputError(f"pool '{name}' must have a size >= 1, not {size!r}")
    retries = {
        node: retry_policy(**dict(spec or {}))
        for node, spec in (mapping.get("retries") or {}).items()
    }
    timeouts = {node: timeout_seconds(s) for node, s in (mapping.get("timeouts") or {}).items()}
    return RuntimeSettings(pools, retries, timeouts)


def apply_settings(nodes: Iterable[Node], settings: RuntimeSettings) -> list[Node]:
    """The nodes with the run file's retries and timeouts in place of their decorators'.

    Raises:
        InputError: a retry or timeout names a node the flow does not define.
    """
    nodes = list(nodes)
    names = [node.name for node in nodes]
    for name in (*settings.retries, *settings.timeouts):
        if name not in names:
            raise InputError(
                f"retries/timeouts name unknown node '{name}'",
                node=name,
                hint=did_you_mean(name, names) or "see `dagrun list` for the flow's nodes",
            )
    result = []
    for node in nodes:
        if node.name in settings.retries:
            node = with_meta(node, RETRY, settings.retries[node.name])
        if node.name in settings.timeouts:
            node = with_meta(node, TIMEOUT, settings.timeouts[node.name])
        result.append(node)
    return result


def pool_of(node: Node) -> str | None:
    """The concurrency pool a node draws from: ``@tag(pool=...)``, else ``meta["pool"]``."""
    return node.tags.get(POOL) or node.meta.get(POOL)
