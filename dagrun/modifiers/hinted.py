"""Checks read off the return annotation: Hamilton's ``h_pydantic`` and ``h_pandera``.

``-> Point`` (a pydantic model) or ``-> pandera.typing.DataFrame[People]`` already
says what the value must look like, so these decorators take no schema: each
checked node gets the ``model=`` or ``schema=`` check of ``check_output``, with
the same nodes (``<node>_raw``, ``<node>_pydantic_validator`` or
``<node>_pandera_schema_validator``, ``<node>``). pydantic and pandera are
imported only when a flow using them is built.
"""

from __future__ import annotations

import typing
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, ClassVar

from dagrun import hints
from dagrun.modifiers.base import Modifier, Target, each_chosen, misuse, select_targets
from dagrun.modifiers.checks import check_importance, with_checks
from dagrun.modifiers.validators import BuiltIn, is_pydantic_model
from dagrun.node import Node


def pydantic_model(declared: Any) -> Any:
    """The model a ``-> Model`` annotation names, or None."""
    return declared if is_pydantic_model(declared) else None


def pandera_model(declared: Any) -> Any:
    """The ``DataFrameModel`` of a ``-> pandera.typing.DataFrame[Model]`` annotation, or None.

    Models from ``pandera.pandas`` count too (Hamilton takes only ``pandera.DataFrameModel``).
    """
    from pandera.api.dataframe.model import DataFrameModel  # pandera's and pandera.pandas' base
    from pandera.typing import DataFrame

    origin, args = typing.get_origin(declared), typing.get_args(declared)
    if not (isinstance(origin, type) and issubclass(origin, DataFrame) and len(args) == 1):
        return None
    model = args[0]
    return model if isinstance(model, type) and issubclass(model, DataFrameModel) else None


@dataclass(frozen=True, slots=True)
class HintedCheck(Modifier):
    """Checks each targeted node against the model its return annotation names."""

    keyword: str  # the check_output keyword the model goes to: "model" or "schema"
    importance: str = "warn"
    target: Target = None
    stage: ClassVar[str] = "transform"

    def validate(self, fn: Callable[..., Any]) -> None:
        check_importance(fn, self.decorator, self.importance)

    @property
    def decorator(self) -> str:
        return "h_pydantic.check_output" if self.keyword == "model" else "h_pandera.check_output"

    def apply(
        self, nodes: list[Node], fn: Callable[..., Any], config: Mapping[str, Any]
    ) -> list[Node]:
        chosen = select_targets(nodes, self.target, fn, self.decorator)
        return each_chosen(nodes, chosen, lambda node: self.checked(node, fn))

    def checked(self, node: Node, fn: Callable[..., Any]) -> list[Node]:
        declared = hints.resolve(node.return_type, node.namespace)
        find = pydantic_model if self.keyword == "model" else pandera_model
        model = find(declared)
        if model is None:
            raise misuse(fn, *self._unfit(node.name, declared))
        return with_checks(node, (BuiltIn(self.keyword, model, self.importance),))

    def _unfit(self, name: str, declared: Any) -> tuple[str, str]:
        shown = hints.describe(declared)
        if self.keyword == "model":
            return (
                f"@{self.decorator} checks '{name}' against the pydantic model it returns, "
                f"but it returns {shown}",
                "annotate the return type with a pydantic.BaseModel subclass, or use "
                "check_output(model=YourModel) on a dict",
            )
        return (
            f"@{self.decorator} checks '{name}' against the pandera model in its return "
            f"annotation, but it returns {shown}",
            "annotate it as pandera.typing.DataFrame[YourModel] (a pandera.DataFrameModel), "
            "or use check_output(schema=...) with a pandera schema",
        )
