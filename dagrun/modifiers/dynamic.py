"""``dynamic_transform`` and ``model``: a node computed by an object the config sets up.

``@model(LinearCombination, "weights")`` on an empty function ``score() -> pd.Series``
makes the node ``score`` from ``LinearCombination(config["weights"], "score")``:
the object names the columns it reads (``get_dependents()``, each a ``pd.Series``
node or input) and computes the value (``compute(**columns)``). Hamilton's
``hamilton.models.BaseModel`` subclasses, which compute by ``predict``, work as
they are. As in Hamilton the function has no parameters and no body (``@does``
asks the same) and returns a pandas Series.

The node's callable holds the object and its class's methods, so the cache
keys the node on the config value it was made from and on the class's code.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from types import FunctionType
from typing import Any, ClassVar

from dagrun import hints
from dagrun.errors import did_you_mean
from dagrun.modifiers.base import Modifier, misuse
from dagrun.modifiers.parameterize import has_empty_body
from dagrun.modifiers.resolve import first_doc_line, origin_of, return_type_of
from dagrun.node import Dependency, Node


@dataclass(frozen=True, slots=True)
class RunTransform:
    """A transform node's callable: ``transform.compute(**inputs)``.

    ``code`` is the transform class's own functions: what the cache hashes for it.
    """

    transform: Any
    code: tuple[Callable[..., Any], ...]

    def __call__(self, **inputs: Any) -> Any:
        return self.transform.compute(**inputs)


@dataclass(frozen=True, slots=True)
class DynamicTransform(Modifier):
    """The function's node, computed by ``transform_cls(config[config_param], name, **extra)``."""

    transform_cls: type
    config_param: str
    extra: Mapping[str, Any] = field(default_factory=dict)
    decorator: str = "dynamic_transform"
    stage: ClassVar[str] = "create"

    def validate(self, fn: Callable[..., Any]) -> None:
        at = f"@{self.decorator}"
        if not has_empty_body(fn):
            raise misuse(
                fn,
                f"{at} computes '{fn.__name__}' with {self.transform_cls.__name__}, but the "
                "function has a body",
                "leave the body empty: `pass` or `...` (a docstring may stay)",
            )
        if inspect.signature(fn).parameters:
            raise misuse(
                fn,
                f"{at} functions take no parameters",
                f"{self.transform_cls.__name__}.get_dependents() names the inputs; "
                "drop the parameters",
            )
        if not _is_series(self._return_type(fn)):
            raise misuse(
                fn,
                f"{at} functions return a pandas Series",
                "annotate the return as pd.Series",
            )

    def create(self, fn: Callable[..., Any], config: Mapping[str, Any], name: str) -> list[Node]:
        if self.config_param not in config:
            raise misuse(
                fn,
                f"@{self.decorator} reads the config key '{self.config_param}', which the "
                "config does not have",
                did_you_mean(self.config_param, config)
                or f"give it in the config: {{'{self.config_param}': ...}}",
            )
        transform = self.transform_cls(config[self.config_param], name, **self.extra)
        series = self._return_type(fn)
        return [
            Node(
                name=name,
                callable=RunTransform(transform, _own_functions(type(transform))),
                return_type=return_type_of(fn),
                deps=tuple(Dependency(dep, series) for dep in transform.get_dependents()),
                origin=origin_of(fn),
                doc=first_doc_line(fn),
                namespace=getattr(fn, "__globals__", None),
                positional=False,
            )
        ]

    def _return_type(self, fn: Callable[..., Any]) -> Any:
        return hints.resolve(return_type_of(fn), getattr(fn, "__globals__", None))


def _is_series(hint: Any) -> bool:
    return isinstance(hint, type) and any(
        klass.__module__.partition(".")[0] == "pandas" and klass.__name__ == "Series"
        for klass in hint.__mro__
    )


def _own_functions(cls: type) -> tuple[Callable[..., Any], ...]:
    """The functions defined on ``cls`` and its bases, most derived first."""
    return tuple(
        item
        for klass in cls.__mro__
        for item in vars(klass).values()
        if isinstance(item, FunctionType)
    )


def dynamic_transform(
    transform_cls: type, config_param: str, **extra_transform_params: Any
) -> DynamicTransform:
    """Compute the node with ``transform_cls(config[config_param], name, **extra)``."""
    return DynamicTransform(transform_cls, config_param, extra_transform_params)


def model(model_cls: type, config_param: str, **extra_model_params: Any) -> DynamicTransform:
    """``dynamic_transform`` under Hamilton's other name, for model classes."""
    return DynamicTransform(model_cls, config_param, extra_model_params, "model")
