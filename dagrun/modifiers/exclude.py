"""``hamilton_exclude``: a public function that is no node (a helper other nodes call).

Starting the name with ``_`` does the same; this is for helpers whose names are
fixed, or old code that would fail the checks (missing annotations). The record
drops the function before its signature is read, so anything goes.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, ClassVar

from dagrun.modifiers.base import Modifier


@dataclass(frozen=True, slots=True)
class Exclude(Modifier):
    """Leaves the function out of the flow under every config."""

    stage: ClassVar[str] = "resolve"

    def resolve(self, fn: Callable[..., Any], config: Mapping[str, Any]) -> bool:
        return False


hamilton_exclude = Exclude()  # used bare, as in Hamilton: ``@hamilton_exclude``
