"""Hamilton's ``h_polars``: its result builder and ``with_columns`` for polars DataFrames.

Polars loads when a result is built; ``with_columns`` is ``dagrun.with_columns``
fixed to polars DataFrames (``dagrun.modifiers.with_columns``).
"""

from __future__ import annotations

from functools import partial
from typing import Any

from dagrun.hamilton.base import ResultMixin
from dagrun.modifiers import with_columns as _with_columns

__all__ = ["PolarsDataFrameResult", "with_columns"]


class PolarsDataFrameResult(ResultMixin):
    """The outputs as one polars DataFrame.

    A single DataFrame (or LazyFrame, collected) is returned as it is and a single
    scalar makes a one-row frame; otherwise polars builds the frame from the
    outputs, broadcasting scalars.
    """

    def build_result(self, **outputs: Any) -> Any:  # type: ignore[override]
        import polars as pl

        if len(outputs) == 1:
            ((name, value),) = outputs.items()
            if isinstance(value, pl.DataFrame):
                return value
            if isinstance(value, pl.LazyFrame):
                return value.collect()
            if not isinstance(value, pl.Series):
                return pl.DataFrame({name: [value]})
        return pl.DataFrame(outputs)


with_columns = partial(_with_columns.with_columns, frames=_with_columns.POLARS)
