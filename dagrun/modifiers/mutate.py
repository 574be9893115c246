"""``mutate`` and ``apply_to``: a ``pipe_output`` step declared once, for several functions.

``@mutate(a, b)`` on ``_clean`` is ``@pipe_output(step(_clean))`` written on ``a``
and ``b``: the step joins a ``pipe_output`` the target already has (after its
steps), or becomes a new one on it. So nodes ``a.raw``, ``a.with_clean`` and ``a``
appear, and the decorated function itself is no node. ``apply_to(a, **kwargs)``
is that step for one target, with its own bindings and the step options
(``.named``, ``.when*``, ``.on_output``); keyword arguments given to ``mutate``
serve every target whose ``apply_to`` binds nothing.

Unlike the other decorators, ``mutate`` acts when applied, as Hamilton's does: it
adds records to functions defined above it, so targets are function objects
(names as strings are refused, as in Hamilton) from the decorated function's module.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any

from dagrun.modifiers.base import MODIFIERS_ATTR, misuse
from dagrun.modifiers.exclude import hamilton_exclude
from dagrun.modifiers.pipe import PipeOutput, Step, pipe_output


@dataclass(frozen=True, slots=True)
class Applied(Step):
    """A step meant for ``target_fn``; ``fn`` stays unset until ``@mutate`` gives its function."""

    fn: Callable[..., Any] | None = None
    target_fn: Any = None


def apply_to(target: Callable[..., Any], **kwargs: Any) -> Applied:
    """The ``@mutate`` step for ``target``, binding the mutator's other parameters to ``kwargs``."""
    return Applied(kwargs=kwargs, target_fn=target)


@dataclass(frozen=True, slots=True)
class Mutate:
    """``@mutate(*targets, **kwargs)``: adds the decorated function to each target's pipe."""

    targets: tuple[Any, ...]  # functions (or mistakes, refused at __call__) and Applied steps
    kwargs: dict[str, Any]

    def __call__(self, mutator: Callable[..., Any]) -> Callable[..., Any]:
        steps = [item if isinstance(item, Applied) else apply_to(item) for item in self.targets]
        for applied in steps:  # all checked before any target changes
            _check_target(mutator, applied.target_fn)
        for applied in steps:
            link = replace(applied, fn=mutator, kwargs=applied.kwargs or self.kwargs)
            _add_step(applied.target_fn, link)
        return hamilton_exclude(mutator)


def mutate(*targets: Any, collapse: bool = False, **kwargs: Any) -> Mutate:
    """Run the decorated function on the value of each target (a function or ``apply_to``).

    Raises:
        NotImplementedError: ``collapse=True``, which Hamilton does not implement either.
    """
    if collapse:
        raise NotImplementedError("@mutate(collapse=True) is not supported (nor in Hamilton)")
    return Mutate(targets, kwargs)


def _check_target(mutator: Callable[..., Any], target: Any) -> None:
    """A target must be a function of the mutator's own module (Hamilton's rule)."""
    if isinstance(target, str):
        raise misuse(
            mutator,
            f"@mutate target {target!r} is a string",
            "pass the function itself (defined above this one), as Hamilton requires",
        )
    if not hasattr(target, "__code__"):
        raise misuse(
            mutator,
            f"@mutate target {target!r} is not a function",
            "pass a function of this module, or apply_to(function, ...)",
        )
    if target.__module__ != mutator.__module__:
        raise misuse(
            mutator,
            f"@mutate target '{target.__name__}' is defined in module '{target.__module__}', "
            f"not in '{mutator.__module__}'",
            "define the mutating function in the module of the function it changes",
        )


def _add_step(target: Callable[..., Any], link: Step) -> None:
    """Append ``link`` to every ``pipe_output`` of ``target``, or give it a new one."""
    records = target.__dict__.get(MODIFIERS_ATTR, [])
    pipes = [i for i, record in enumerate(records) if isinstance(record, PipeOutput)]
    for index in pipes:
        records[index] = replace(records[index], steps=(*records[index].steps, link))
    if not pipes:
        pipe_output(link)(target)
