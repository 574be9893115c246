"""Hamilton's ``hamilton.models``: base classes for ``@dynamic_transform`` and ``@model`` objects.

``@dynamic_transform(cls, "key")`` makes ``cls(config["key"], node_name, **extra)``
(see ``dagrun.modifiers.dynamic``), which names the columns it reads and computes
the node. Subclassing these is optional: any class with ``get_dependents`` and
``compute`` will do.
"""

from __future__ import annotations

import abc
from typing import Any

__all__ = ["BaseModel", "DynamicTransformBase"]


class DynamicTransformBase(abc.ABC):
    """A transform set up from a config value: what it reads and how it computes."""

    def __init__(self, config_parameters: Any, name: str) -> None:
        self._config_parameters = config_parameters
        self._name = name

    @abc.abstractmethod
    def get_dependents(self) -> list[str]:
        """The names of the nodes or inputs the transform reads."""

    @abc.abstractmethod
    def compute(self, **inputs: Any) -> Any:
        """The node's value from the inputs ``get_dependents`` named."""

    @property
    def config_parameters(self) -> Any:
        return self._config_parameters

    @property
    def name(self) -> str:
        return self._name


class BaseModel(DynamicTransformBase, abc.ABC):
    """A transform that computes by ``predict`` (``@model``)."""

    def compute(self, **inputs: Any) -> Any:
        return self.predict(**inputs)

    @abc.abstractmethod
    def predict(self, **inputs: Any) -> Any:
        """The model's output series from its input series."""
