"""The root of Hamilton's adapter classes and the error a refused graph raises."""

from __future__ import annotations

from dagrun.errors import GraphError


class LifecycleAdapter:
    """Base of every adapter the Hamilton driver takes (``adapter=`` or ``with_adapters``)."""


class ValidationException(GraphError):
    """A ``StaticValidator`` refused the graph while the driver was built.

    A ``dagrun.GraphError`` too, so code written for either catches it.
    """
