"""Hamilton's ``hamilton.plugins.h_pandera``: check a frame against the model it is annotated with.

``@check_output()`` over ``def people() -> pandera.typing.DataFrame[People]`` adds
``people_raw`` and ``people_pandera_schema_validator`` before ``people``, as in
Hamilton. Only ``DataFrame[Model]`` annotations are read (Hamilton refuses
``Series[...]`` too; use ``check_output(schema=pandera.SeriesSchema(...))``).
"""

from __future__ import annotations

from dagrun.modifiers.base import Target
from dagrun.modifiers.hinted import HintedCheck

__all__ = ["check_output"]


def check_output(importance: str = "warn", target: Target = None) -> HintedCheck:
    """Validate the node's frame against its return annotation's pandera ``DataFrameModel``."""
    return HintedCheck("schema", importance, target)
