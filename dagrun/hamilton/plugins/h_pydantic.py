"""Hamilton's ``hamilton.plugins.h_pydantic``: check a value against the model it is annotated with.

``@check_output()`` over ``def point() -> Point`` (``Point`` a pydantic model) adds
``point_raw`` and ``point_pydantic_validator`` before ``point``, as in Hamilton.
"""

from __future__ import annotations

from dagrun.modifiers.base import Target
from dagrun.modifiers.hinted import HintedCheck

__all__ = ["check_output"]


def check_output(importance: str = "warn", target: Target = None) -> HintedCheck:
    """Validate the node's value against its return annotation's pydantic model (strict mode)."""
    return HintedCheck("model", importance, target)
