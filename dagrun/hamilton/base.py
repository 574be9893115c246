"""Hamilton's ``hamilton.base``: result builders and the classic graph adapters.

A result builder takes the requested outputs as keyword arguments, as in
Hamilton; the driver hands it to dagrun as a ``dagrun.hooks.ResultBuilder``.
The graph adapters only choose the result here: dagrun's executor runs the
nodes. pandas and numpy load when a result is built, not on import.
"""

from __future__ import annotations

from typing import Any

from dagrun.hamilton._support import UsageError, refusing
from dagrun.hamilton.lifecycle.api import GraphAdapter, LegacyResultMixin

__all__ = [
    "DefaultAdapter",
    "DictResult",
    "HamiltonGraphAdapter",
    "NumpyMatrixResult",
    "PandasDataFrameResult",
    "ResultMixin",
    "SimplePythonDataFrameGraphAdapter",
    "SimplePythonGraphAdapter",
]


class ResultMixin(LegacyResultMixin):
    """Subclass this and define ``build_result(**outputs)`` for a result of your own."""


class DictResult(ResultMixin):
    """The outputs as a ``{name: value}`` dict, in the order they were asked for."""

    @staticmethod
    def build_result(**outputs: Any) -> dict[str, Any]:
        return outputs


class PandasDataFrameResult(ResultMixin):
    """The outputs as one pandas DataFrame, by Hamilton's rules.

    One DataFrame output is returned as it is. Outputs of which none is
    list-like make a one-row frame. Otherwise pandas aligns the series on their
    indexes (an outer join; scalars are broadcast), and a DataFrame among several
    outputs is spread into ``output.column`` columns.
    """

    @staticmethod
    def build_result(**outputs: Any) -> Any:
        import pandas as pd

        values = list(outputs.values())
        if len(values) == 1 and isinstance(values[0], pd.DataFrame):
            return values[0]
        if not any(pd.api.types.is_list_like(value) for value in values):
            return pd.DataFrame([outputs])
        if any(isinstance(value, pd.DataFrame) for value in values):
            return pd.DataFrame(_spread_frames(outputs, pd.DataFrame))
        return pd.DataFrame(outputs)


def _spread_frames(outputs: dict[str, Any], frame_type: type) -> dict[str, Any]:
    """Each DataFrame output as its ``name.column`` series; a name met twice is an error."""
    columns: dict[str, Any] = {}
    for name, value in outputs.items():
        if isinstance(value, frame_type):
            for column, series in value.items():  # type: ignore[attr-defined]
                columns[f"{name}.{column}"] = series
            continue
        if name in columns:
            raise UsageError(
                f"output '{name}' clashes with a column of a DataFrame output",
                hint="rename the output or the DataFrame's column",
            )
        columns[name] = value
    return columns


class NumpyMatrixResult(ResultMixin):
    """The outputs as the columns of a ``numpy.matrix``; a scalar fills its whole column."""

    @staticmethod
    def build_result(**outputs: Any) -> Any:
        import numpy as np

        rows = -1
        for name, value in outputs.items():
            if isinstance(value, int | float):
                continue
            if rows == -1:
                rows = len(value)
            elif len(value) != rows:
                raise UsageError(
                    f"output '{name}' has {len(value)} values, the others {rows}",
                    hint="a matrix needs outputs of one length (or scalars)",
                )
        columns = [
            [value] * rows if isinstance(value, int | float) else list(value)
            for value in outputs.values()
        ]
        return np.asmatrix(columns).T


class HamiltonGraphAdapter(GraphAdapter):
    """Hamilton's base for graph adapters; subclasses choose the result."""


class SimplePythonDataFrameGraphAdapter(HamiltonGraphAdapter, PandasDataFrameResult):
    """Runs in this process and returns a pandas DataFrame."""


class SimplePythonGraphAdapter(SimplePythonDataFrameGraphAdapter):
    """Runs in this process and returns what ``result_builder`` makes (default: a dict)."""

    def __init__(self, result_builder: Any = None) -> None:
        self.result_builder = result_builder if result_builder is not None else DictResult()

    def build_result(self, **outputs: Any) -> Any:  # type: ignore[override]
        return self.result_builder.build_result(**outputs)


class DefaultAdapter(SimplePythonGraphAdapter):
    """``SimplePythonGraphAdapter`` with a dict result, under a shorter name."""


__getattr__ = refusing(
    __name__,
    {
        "StrictIndexTypePandasDataFrameResult": "use PandasDataFrameResult and check the "
        "indexes in a node",
    },
)
