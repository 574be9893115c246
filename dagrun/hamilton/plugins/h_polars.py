"""Hamilton's polars result builder; polars loads when a result is built."""

from __future__ import annotations

from typing import Any

from dagrun.hamilton._support import refusing
from dagrun.hamilton.base import ResultMixin

__all__ = ["PolarsDataFrameResult"]


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


# Hamilton's with_columns for polars has no dagrun counterpart yet.
__getattr__ = refusing(
    __name__,
    {"with_columns": "use a function per new column and one that joins them into the frame"},
)
