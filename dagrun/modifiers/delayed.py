"""``resolve`` and ``resolve_from_config``: a decorator chosen from the config at build.

``decorate_with`` is called with the config values its parameters name (a
parameter with a default may be missing from the config) and returns the
decorator to apply, e.g. a ``parameterize`` whose outputs come from a config
list. As in Hamilton this is a "power user" feature: the config must set
``hamilton.enable_power_user_mode`` to a true value, because the flow's shape
can no longer be read from the code alone.

The decorator it returns joins the function's other records after them (as in
Hamilton) and goes through the usual stages. It may not itself choose whether
the function takes part (``config.when``, ``hamilton_exclude``, another
``resolve``): those decide node names across functions before any config is
applied to one function's records.
"""

from __future__ import annotations

import enum
import inspect
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, ClassVar

from dagrun.modifiers.base import DYNAMIC, Modifier, misuse

POWER_USER_MODE = "hamilton.enable_power_user_mode"
_NAMED = (inspect.Parameter.POSITIONAL_OR_KEYWORD, inspect.Parameter.KEYWORD_ONLY)


class ResolveAt(enum.Enum):
    """When a ``resolve`` decorator is chosen; only once the config is known."""

    CONFIG_AVAILABLE = "config_available"


@dataclass(frozen=True, slots=True)
class Resolve(Modifier):
    """Calls ``decorate_with`` with config values at build and applies what it returns."""

    when: Any
    decorate_with: Callable[..., Any]
    decorator: str = "resolve"
    stage: ClassVar[str] = DYNAMIC

    def validate(self, fn: Callable[..., Any]) -> None:
        if self.when is not ResolveAt.CONFIG_AVAILABLE:
            raise misuse(
                fn,
                f"@{self.decorator}(when={self.when!r}) is not a resolution time",
                "pass when=ResolveAt.CONFIG_AVAILABLE, the only one there is",
            )
        _config_params(fn, self.decorate_with, self.decorator)

    def decorators(self, fn: Callable[..., Any], config: Mapping[str, Any]) -> list[Modifier]:
        if not config.get(POWER_USER_MODE):
            raise misuse(
                fn,
                f"@{self.decorator} needs power user mode",
                f"add {POWER_USER_MODE}=True to the config; the flow's shape then "
                "depends on the config, not only on the code",
            )
        required, optional = _config_params(fn, self.decorate_with, self.decorator)
        missing = [key for key in required if key not in config]
        if missing:
            raise misuse(
                fn,
                f"@{self.decorator} reads config {', '.join(map(repr, missing))}, "
                "which the config does not set",
                "add the key(s) to the config, or give the parameter a default",
            )
        kwargs = {key: config[key] for key in [*required, *optional] if key in config}
        made = self.decorate_with(**kwargs)
        if not isinstance(made, Modifier):
            raise misuse(
                fn,
                f"@{self.decorator}'s decorate_with returned {made!r}, not a decorator",
                "return a decorator such as parameterize(...) or tag(...)",
            )
        if made.stage in ("resolve", DYNAMIC):
            raise misuse(
                fn,
                f"@{self.decorator}'s decorate_with returned @{type(made).__name__}, "
                "which decides whether the function takes part",
                "put @config.when / @hamilton_exclude on the function itself",
            )
        return [made]


def _config_params(
    fn: Callable[..., Any], decorate_with: Callable[..., Any], decorator: str
) -> tuple[list[str], list[str]]:
    """The required and optional config keys ``decorate_with`` reads, by parameter name."""
    try:
        params = inspect.signature(decorate_with).parameters.values()
    except (TypeError, ValueError):
        raise misuse(
            fn,
            f"@{decorator}'s decorate_with {decorate_with!r} is not a function",
            "pass a function (or lambda) of config keys that returns a decorator",
        ) from None
    unnamed = [str(p) for p in params if p.kind not in _NAMED]
    if unnamed:
        raise misuse(
            fn,
            f"@{decorator}'s decorate_with takes {', '.join(unnamed)}",
            "name each config key it reads as its own parameter",
        )
    required = [p.name for p in params if p.default is p.empty]
    return required, [p.name for p in params if p.default is not p.empty]


def resolve(*, when: ResolveAt, decorate_with: Callable[..., Any]) -> Resolve:
    """Apply the decorator ``decorate_with(**config values)`` returns, once the config is known."""
    return Resolve(when, decorate_with)


def resolve_from_config(*, decorate_with: Callable[..., Any]) -> Resolve:
    """``resolve(when=ResolveAt.CONFIG_AVAILABLE, decorate_with=...)``."""
    return Resolve(ResolveAt.CONFIG_AVAILABLE, decorate_with, "resolve_from_config")
