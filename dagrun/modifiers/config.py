"""``@config.when`` and friends: which variant of a node takes part under a config.

Variants of one node are functions named ``node__suffix``; the suffix is dropped
from the node name (or ``name=`` gives it). ``when``/``when_in`` need the key in
the config with a matching value; ``when_not``/``when_not_in`` pass unless the
key holds a listed value. ``@config.default`` marks the variant used when no
other variant of its node matches, so variants need not be exhaustive.

Choosing looks across functions (``choose_variants``), so it also catches a
config value that no variant handles when another node needs that node.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass
from typing import Any, ClassVar

from dagrun.errors import GraphError
from dagrun.modifiers.base import MODIFIERS_ATTR, Modifier, misuse, node_name_of

WHEN, WHEN_NOT, WHEN_IN, WHEN_NOT_IN, DEFAULT = (
    "when",
    "when_not",
    "when_in",
    "when_not_in",
    "default",
)


@dataclass(frozen=True, slots=True)
class ConfigSwitch(Modifier):
    """A ``config.*`` record: its kind, the ``(key, accepted values)`` it tests, a name."""

    stage: ClassVar[str] = "resolve"
    kind: str
    conditions: tuple[tuple[str, tuple[Any, ...]], ...]
    name: str | None = None

    def node_name(self, fn: Callable[..., Any]) -> str:
        if self.name is not None:
            return self.name
        base, sep, _ = fn.__name__.rpartition("__")
        return base if sep and base else fn.__name__

    def validate(self, fn: Callable[..., Any]) -> None:
        others = [r for r in fn.__dict__[MODIFIERS_ATTR] if isinstance(r, ConfigSwitch)]
        if self.kind == DEFAULT and len(others) > 1:
            raise misuse(
                fn,
                "@config.default is combined with another @config decorator",
                "a default variant takes part exactly when no other variant does; "
                "drop the other condition",
            )

    def resolve(self, fn: Callable[..., Any], config: Mapping[str, Any]) -> bool:
        return self.matches(config)

    def matches(self, config: Mapping[str, Any]) -> bool:
        for key, accepted in self.conditions:
            present = key in config
            hit = present and _is_in(config[key], accepted)
            if self.kind in (WHEN, WHEN_IN) and not hit:
                return False
            if self.kind in (WHEN_NOT, WHEN_NOT_IN) and hit:
                return False
        return True


def _is_in(value: Any, accepted: tuple[Any, ...]) -> bool:
    try:
        return value in accepted
    except TypeError:  # an unhashable or oddly comparing config value
        return any(value == item for item in accepted)


class config:
    """Choose variants of a node by config values (see the module docstring)."""

    @staticmethod
    def when(name: str | None = None, **key_values: Any) -> ConfigSwitch:
        """Take part when every key equals its value."""
        return ConfigSwitch(WHEN, tuple((k, (v,)) for k, v in key_values.items()), name)

    @staticmethod
    def when_not(name: str | None = None, **key_values: Any) -> ConfigSwitch:
        """Take part unless a key equals its value."""
        return ConfigSwitch(WHEN_NOT, tuple((k, (v,)) for k, v in key_values.items()), name)

    @staticmethod
    def when_in(name: str | None = None, **key_groups: Collection[Any]) -> ConfigSwitch:
        """Take part when every key's value is one of its listed values."""
        return ConfigSwitch(WHEN_IN, tuple((k, tuple(v)) for k, v in key_groups.items()), name)

    @staticmethod
    def when_not_in(name: str | None = None, **key_groups: Collection[Any]) -> ConfigSwitch:
        """Take part unless a key's value is one of its listed values."""
        return ConfigSwitch(WHEN_NOT_IN, tuple((k, tuple(v)) for k, v in key_groups.items()), name)

    @staticmethod
    def default(fn: Callable[..., Any] | None = None, *, name: str | None = None) -> Any:
        """The fallback variant: used when no other variant of its node matches.

        Works bare (``@config.default``) or called (``@config.default()``).
        """
        record = ConfigSwitch(DEFAULT, (), name)
        return record if fn is None else record(fn)


def _switches(fn: Callable[..., Any]) -> list[ConfigSwitch]:
    records = getattr(fn, "__dict__", {}).get(MODIFIERS_ATTR)
    if not records:
        return []
    return [r for r in records if isinstance(r, ConfigSwitch)]


def choose_variants(
    functions: list[Callable[..., Any]], config: Mapping[str, Any]
) -> tuple[list[Callable[..., Any]], dict[str, GraphError]]:
    """The functions minus the ``@config.default`` variants another variant beats.

    Also returns, per node name, the error to raise if some node needs that node:
    its variants test keys the config sets, yet none matches and no default
    catches the value. (A node nothing needs may be left out on purpose.)

    Raises:
        GraphError: two defaults for one node.
    """
    variants: dict[str, list[tuple[Callable[..., Any], list[ConfigSwitch]]]] = {}
    for fn in functions:
        switches = _switches(fn)
        if switches:
            variants.setdefault(node_name_of(fn), []).append((fn, switches))
    unhandled: dict[str, GraphError] = {}
    if not variants:
        return functions, unhandled
    dropped: set[int] = set()
    for name, group in variants.items():
        defaults = [fn for fn, switches in group if switches[0].kind == DEFAULT]
        others = [(fn, s) for fn, s in group if s[0].kind != DEFAULT]
        if len(defaults) > 1:
            raise _two_defaults(name, defaults)
        if any(all(s.matches(config) for s in switches) for _, switches in others):
            dropped.update(id(fn) for fn in defaults)
        elif not defaults:
            error = _unhandled(name, others, config)
            if error is not None:
                unhandled[name] = error
    return [fn for fn in functions if id(fn) not in dropped], unhandled


def _two_defaults(name: str, defaults: list[Callable[..., Any]]) -> GraphError:
    from dagrun.modifiers.resolve import origin_of

    return misuse(
        defaults[1],
        f"node '{name}' has two @config.default variants",
        f"the other is at {origin_of(defaults[0])}; keep one",
    )


def _unhandled(
    name: str,
    others: list[tuple[Callable[..., Any], list[ConfigSwitch]]],
    config: Mapping[str, Any],
) -> GraphError | None:
    """The error for 2+ variants that test keys the config sets, yet none matches."""
    if len(others) < 2:
        return None
    keys = {key for _, switches in others for s in switches for key, _ in s.conditions}
    if not keys or not keys <= set(config):
        return None
    from dagrun.modifiers.resolve import origin_of

    setting = ", ".join(f"{key}={config[key]!r}" for key in sorted(keys))
    where = "; ".join(f"{fn.__name__} at {origin_of(fn)}" for fn, _ in others)
    return misuse(
        others[0][0],
        f"config {setting} matches no variant of node '{name}'",
        f"the variants are {where}; set a value one of them handles, "
        "or mark a fallback variant with @config.default",
    )
