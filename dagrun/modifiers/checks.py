"""``check_output`` and ``check_output_custom``: validators as nodes of their own.

A checked node ``x`` becomes three kinds of node, named as Hamilton names them:

    x_raw ──> x_range_validator ──┐
      │                           ├──> x   (the value, passed on once checks are in)
      └──────────────────────────-┘

``x_raw`` is the function. Each ``x_<check>`` node (role ``"check"``) holds a
``CheckResult``, so a run record can show every check, passed or not. ``x``
logs each failed ``warn`` check on the ``"dagrun"`` logger and raises
``DataValidationError`` naming every failed ``fail`` check; otherwise it is the
raw value, untouched.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from typing import Any, ClassVar

from dagrun import hints
from dagrun.errors import DataValidationError, did_you_mean
from dagrun.modifiers.base import Modifier, Target, derived, each_chosen, misuse, select_targets
from dagrun.modifiers.validators import BUILT_INS, FITS, IMPORTANCES, BuiltIn, fits
from dagrun.node import Dependency, Node, Origin

logger = logging.getLogger("dagrun")


@dataclass(frozen=True, slots=True)
class CheckResult:
    """The value of a check node: one validator's verdict on one node's value."""

    node: str
    check: str
    importance: str
    passes: bool
    message: str
    diagnostics: Mapping[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        """The result as plain JSON data, for run records."""
        plain = (str, int, float, bool, type(None))
        return {
            "check": self.check,
            "importance": self.importance,
            "passes": self.passes,
            "message": self.message,
            "diagnostics": {
                str(k): v if isinstance(v, plain) else repr(v) for k, v in self.diagnostics.items()
            },
        }


@dataclass(frozen=True, slots=True)
class RunCheck:
    """A check node's callable: runs one validator on the raw value."""

    node: str
    validator: Any

    def __call__(self, data: Any) -> CheckResult:
        result = self.validator.validate(data)
        return CheckResult(
            node=self.node,
            check=self.validator.name(),
            importance=_importance_of(self.validator),
            passes=bool(result.passes),
            message=str(result.message),
            diagnostics=dict(getattr(result, "diagnostics", None) or {}),
        )


def _importance_of(validator: Any) -> str:
    importance = getattr(validator, "importance", "warn")
    return getattr(importance, "value", importance)


@dataclass(frozen=True, slots=True)
class Gate:
    """A checked node's callable: acts on the check results, then passes the value on."""

    node: str
    origin: Origin

    def __call__(self, data: Any, *results: CheckResult) -> Any:
        failures = []
        for result in results:
            if result.passes:
                continue
            if result.importance == "fail":
                failures.append(result)
            else:
                logger.warning(
                    "check %s on node '%s' failed: %s", result.check, self.node, result.message
                )
        if failures:
            listed = "; ".join(f"{r.check}: {r.message}" for r in failures)
            raise DataValidationError(
                f"node '{self.node}' failed {len(failures)} check(s): {listed}",
                node=self.node,
                origin=self.origin,
                hint="fix the data or the function, or lower the check to importance='warn'",
            )
        return data


@dataclass(frozen=True, slots=True)
class CheckOutput(Modifier):
    """Validators for the targeted nodes (default: the function's final nodes)."""

    validators: tuple[Any, ...]
    target: Target = None
    keywords: Mapping[str, Any] = field(default_factory=dict)  # check_output's, to validate
    importance: str = "warn"
    stage: ClassVar[str] = "transform"

    def validate(self, fn: Callable[..., Any]) -> None:
        check_importance(fn, "check_output", self.importance)
        for keyword in self.keywords:
            if keyword not in BUILT_INS:
                raise misuse(
                    fn,
                    f"@check_output has no check called '{keyword}'",
                    did_you_mean(keyword, BUILT_INS)
                    or f"built-in checks: {', '.join(BUILT_INS)}; "
                    "use check_output_custom for your own",
                )
        if not self.validators:
            raise misuse(fn, "@check_output has no checks", "give at least one, e.g. range=(0, 1)")
        for keyword, argument in self.keywords.items():
            problem = _argument_problem(keyword, argument)
            if problem is not None:
                raise misuse(fn, f"@check_output {keyword}={argument!r}: {problem[0]}", problem[1])

    def apply(
        self, nodes: list[Node], fn: Callable[..., Any], config: Mapping[str, Any]
    ) -> list[Node]:
        chosen = select_targets(nodes, self.target, fn, "check_output")
        for node in nodes:
            if node.name in chosen:
                self.fit(node, fn)
        return each_chosen(nodes, chosen, self.checked)

    def fit(self, node: Node, fn: Callable[..., Any]) -> None:
        """Raise a misuse error if a built-in check cannot apply to ``node``'s type."""
        declared = hints.resolve(node.return_type, node.namespace)
        for validator in self.validators:
            keyword = getattr(validator, "keyword", None)
            if keyword is not None and not fits(keyword, declared):
                raise misuse(
                    fn,
                    f"@check_output {keyword}= cannot check '{node.name}', which returns "
                    f"{hints.describe(declared)}",
                    f"{keyword} checks {', '.join(sorted(FITS[keyword]))} values; "
                    "use check_output_custom for others",
                )

    def checked(self, node: Node) -> list[Node]:
        return with_checks(node, self.validators)


def with_checks(node: Node, validators: tuple[Any, ...]) -> list[Node]:
    """``node`` as ``<name>_raw``, one check node per validator, and the gate ``<name>``."""
    raw = replace(node, name=f"{node.name}_raw")
    raw_dep = (Dependency(raw.name, node.return_type),)
    checks = [
        derived(
            node,
            name,
            RunCheck(node.name, validator),
            CheckResult,
            raw_dep,
            f"check of '{node.name}': {_describe(validator)}",
            role="check",
            meta={"check_of": node.name},
        )
        for name, validator in zip(_check_names(node.name, validators), validators, strict=True)
    ]
    gate = replace(
        node,
        callable=Gate(node.name, node.origin),
        deps=raw_dep + tuple(Dependency(c.name, CheckResult) for c in checks),
        params=(raw.name, *(c.name for c in checks)),
        positional=True,
    )
    return [raw, *checks, gate]


def check_importance(fn: Callable[..., Any], decorator: str, importance: str) -> None:
    """Raise a misuse error unless ``importance`` is one a check can have."""
    if importance not in IMPORTANCES:
        raise misuse(
            fn,
            f"@{decorator}(importance={importance!r}) is not an importance",
            "use importance='warn' (log and go on) or 'fail' (stop the run)",
        )


def _argument_problem(keyword: str, argument: Any) -> tuple[str, str] | None:
    """(what is wrong, the fix) for a built-in check's argument, as Hamilton rejects them."""
    if keyword == "max_fraction_nans" and not (
        isinstance(argument, int | float) and 0 <= argument <= 1
    ):
        return "the fraction must be a number from 0 to 1", "e.g. max_fraction_nans=0.1"
    if keyword == "allow_nans" and argument is not False:
        return (
            "only allow_nans=False means something (NaNs are allowed unless checked)",
            "drop the check to allow NaNs, or set max_fraction_nans=0.1 to allow some",
        )
    return None


def _check_names(node: str, validators: tuple[Any, ...]) -> list[str]:
    """``<node>_<check>`` per validator; a repeated check name gets ``_1``, ``_2``... as in
    Hamilton, so two checks of one kind (two ranges) can sit on one node."""
    names: list[str] = []
    seen: dict[str, int] = {}
    for validator in validators:
        base = f"{node}_{validator.name()}"
        count = seen.get(base, 0)
        seen[base] = count + 1
        names.append(base if count == 0 else f"{base}_{count}")
    return names


def _describe(validator: Any) -> str:
    describe = getattr(validator, "description", None)
    return describe() if callable(describe) else validator.name()


def check_output(importance: str = "warn", target_: Target = None, **checks: Any) -> CheckOutput:
    """Validate the node's value with built-in checks (``range=(0, 1)``, ``values_in=[...]``...).

    Args:
        importance: ``"warn"`` logs a failure and goes on; ``"fail"`` stops the run
            with ``DataValidationError``.
        target_: which nodes to check when the function makes several.
        **checks: built-in check keywords and their arguments.
    """
    validators = tuple(
        BuiltIn(key, arg, importance) for key, arg in checks.items() if key in BUILT_INS
    )
    return CheckOutput(validators, target_, dict(checks), importance)


def check_output_custom(*validators: Any, target_: Target = None) -> CheckOutput:
    """Validate the node's value with your own ``DataValidator`` objects."""
    return CheckOutput(tuple(validators), target_)
