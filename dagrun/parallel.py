"""The fan-out and fan-in types: ``Parallelizable[T]`` returns, ``Collect[T]`` parameters.

A function annotated ``-> Parallelizable[T]`` yields (or returns an iterable of)
items; every node between it and the one parameter annotated ``Collect[T]`` runs
once per item, each item a task of its own, and the collecting node receives
the per-item results as a list, in item order::

    def url(urls: list[str]) -> Parallelizable[str]:
        yield from urls

    def page(url: str) -> str: ...

    def pages(page: Collect[str]) -> list[str]:
        return list(page)

For type checks both wrap their item type: an edge out of ``Parallelizable[T]``
carries a ``T``, an edge into ``Collect[T]`` takes a ``T`` (``hints`` unwraps them).
"""

from __future__ import annotations

import typing
from collections.abc import Iterable
from typing import Any, Generic, TypeVar

T = TypeVar("T")

PARALLEL, COLLECT = "parallel", "collect"


class Parallelizable(Iterable[T], Generic[T]):
    """Return annotation of a node whose items each run the nodes below it."""

    __dagrun_role__ = PARALLEL


class Collect(Iterable[T], Generic[T]):
    """Parameter annotation of the node that gathers a ``Parallelizable`` block's results."""

    __dagrun_role__ = COLLECT


def role_of(hint: Any) -> str | None:
    """``"parallel"``, ``"collect"`` or None for a resolved annotation."""
    origin = typing.get_origin(hint) or hint
    return getattr(origin, "__dagrun_role__", None) if isinstance(origin, type) else None


def item_type(hint: Any) -> Any:
    """The ``T`` of ``Parallelizable[T]`` / ``Collect[T]`` (``Any`` when bare)."""
    args = typing.get_args(hint)
    return args[0] if args else Any
