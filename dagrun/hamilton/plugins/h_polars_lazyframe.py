"""Hamilton's ``h_polars_lazyframe``: its result builder and ``with_columns`` for LazyFrames.

Polars loads when a result is built; ``with_columns`` is ``dagrun.with_columns``
fixed to polars LazyFrames (``dagrun.modifiers.with_columns``).
"""

from __future__ import annotations

from functools import partial
from typing import Any

from dagrun.hamilton.base import ResultMixin
from dagrun.modifiers import with_columns as _with_columns

__all__ = ["PolarsLazyFrameResult", "with_columns"]


class PolarsLazyFrameResult(ResultMixin):
    """The outputs as one polars LazyFrame: a single LazyFrame as it is, else built from them."""

    def build_result(self, **outputs: Any) -> Any:  # type: ignore[override]
        import polars as pl

        if len(outputs) == 1:
            (value,) = outputs.values()
            if isinstance(value, pl.LazyFrame):
                return value
        return pl.LazyFrame(outputs)


with_columns = partial(_with_columns.with_columns, frames=_with_columns.LAZY)
