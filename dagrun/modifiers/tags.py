"""Metadata decorators: ``tag``, ``tag_outputs`` and ``cache``. They never change a value.

Tags describe a node (owner, stage, pii) and drive selection (``-s tag:owner``).
``cache`` steers the cache rather than describing the value, so it goes to
``Node.meta["cache"]`` as ``{"behavior": ..., "format": ...}``.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from typing import Any, ClassVar, TypeVar

from dagrun.errors import InputError, did_you_mean
from dagrun.modifiers.base import Modifier, Target, misuse, select_targets
from dagrun.modifiers.resolve import origin_of
from dagrun.node import Node

log = logging.getLogger("dagrun")

CACHE_BEHAVIORS = ("default", "recompute", "disable", "ignore")
ERROR_SENTINEL_TAG = "hamilton.error_sentinel"  # Hamilton's tag and value, as it sets them
ACCEPTS_SENTINELS = "injection is requested"
F = TypeVar("F", bound=Callable[..., Any])


@dataclass(frozen=True, slots=True)
class Tag(Modifier):
    """Adds ``tags`` to the targeted nodes (default: the function's final nodes)."""

    tags: Mapping[str, Any]
    target: Target = None
    stage: ClassVar[str] = "annotate"

    def validate(self, fn: Callable[..., Any]) -> None:
        for key, tag_value in self.tags.items():
            if not _is_tag_value(tag_value):
                raise misuse(
                    fn,
                    f"@tag {key}={tag_value!r} is neither a string nor a list of strings",
                    "tag values are strings (or lists of strings) so they can be selected on",
                )

    def apply(
        self, nodes: list[Node], fn: Callable[..., Any], config: Mapping[str, Any]
    ) -> list[Node]:
        chosen = select_targets(nodes, self.target, fn, "tag")
        return [replace(n, tags={**n.tags, **self.tags}) if n.name in chosen else n for n in nodes]


def _is_tag_value(item: Any) -> bool:
    if isinstance(item, str):
        return True
    return isinstance(item, list | tuple) and all(isinstance(part, str) for part in item)


@dataclass(frozen=True, slots=True)
class TagOutputs(Modifier):
    """Adds tags per node name: ``{node: {key: value}}``."""

    by_node: Mapping[str, Mapping[str, Any]]
    stage: ClassVar[str] = "annotate"

    def apply(
        self, nodes: list[Node], fn: Callable[..., Any], config: Mapping[str, Any]
    ) -> list[Node]:
        # A name this function does not make is left alone, as in Hamilton: under another
        # config (a different column list, a different variant) it may well make it.
        made = {node.name for node in nodes}
        for name in sorted(set(self.by_node) - made):
            log.warning(
                "@tag_outputs on '%s' (%s) names '%s', which it does not make; ignored (%s)",
                getattr(fn, "__name__", fn),
                origin_of(fn),
                name,
                did_you_mean(name, made) or f"it makes: {', '.join(sorted(made))}",
            )
        return [
            replace(n, tags={**n.tags, **self.by_node[n.name]}) if n.name in self.by_node else n
            for n in nodes
        ]


@dataclass(frozen=True, slots=True)
class Cache(Modifier):
    """Records how the cache should treat the targeted nodes."""

    behavior: str | None = None
    format: str | None = None
    target: Target = None
    stage: ClassVar[str] = "annotate"

    def validate(self, fn: Callable[..., Any]) -> None:
        if self.behavior is not None and self.behavior not in CACHE_BEHAVIORS:
            raise misuse(
                fn,
                f"@cache(behavior={self.behavior!r}) is not a cache behavior",
                f"use one of: {', '.join(CACHE_BEHAVIORS)}",
            )
        if self.format is not None:
            from dagrun.caching.codec import check_format

            try:
                check_format(self.format)
            except InputError as error:
                raise misuse(
                    fn, f"@cache(format={self.format!r}): {error.message}", error.hint or ""
                ) from None

    def apply(
        self, nodes: list[Node], fn: Callable[..., Any], config: Mapping[str, Any]
    ) -> list[Node]:
        chosen = select_targets(nodes, self.target, fn, "cache")
        record = {"behavior": self.behavior or "default", "format": self.format}
        # Also as tags, under Hamilton's names: `dagrun list` shows them, `-s tag:` selects.
        shown = {f"cache.{key}": given for key, given in record.items() if given is not None}
        if self.behavior is None:
            del shown["cache.behavior"]
        return [
            replace(n, meta={**n.meta, "cache": record}, tags={**n.tags, **shown})
            if n.name in chosen
            else n
            for n in nodes
        ]


def tag(*, target_: Target = None, **tags: Any) -> Tag:
    """Attach string tags to the node(s) the function makes."""
    return Tag(tags, target_)


def tag_outputs(**tags_by_node: Mapping[str, Any]) -> TagOutputs:
    """Attach different tags to each named node the function makes."""
    return TagOutputs(tags_by_node)


def cache(
    behavior: str | None = None, format: str | None = None, *, target_: Target = None
) -> Cache:
    """Tell the cache how to treat the node (recompute, disable, ignore or default) and,
    with ``format``, to keep its result as a file of that registry format, not a pickle."""
    return Cache(behavior, format, target_)


def accept_error_sentinels(fn: F) -> F:
    """Mark a node that wants a failed input's error sentinel passed in.

    Only Hamilton's ``GracefulErrorAdapter`` reads the mark: it calls the node
    with the sentinel rather than skipping it. Anywhere else it is a tag and
    changes nothing.
    """
    return tag(**{ERROR_SENTINEL_TAG: ACCEPTS_SENTINELS})(fn)  # type: ignore[return-value]
