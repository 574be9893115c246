"""Hamilton's Dask adapter and executor: the flow runs on dagrun's ``dask`` executor,
on the cluster the given ``distributed.Client`` is connected to.

dagrun ships each node to a worker and brings its value back, as Hamilton's
``compute_at_end`` does: a node's value is what it returned, so a dask
collection it returns stays a (lazy) collection, and ``@check_output`` checks
see it computed. The nodes have run when the result is built, so
``use_delayed`` only decides, as in Hamilton, whether ``compute_at_end``
computes a dask collection the result builder makes (``use_delayed=False``).
"""

from __future__ import annotations

from typing import Any

from dagrun.hamilton._support import Engine, UsageError, not_supported
from dagrun.hamilton.base import HamiltonGraphAdapter, PandasDataFrameResult, ResultMixin
from dagrun.hamilton.execution.executors import TaskExecutor

__all__ = ["DaskDataFrameResult", "DaskExecutor", "DaskGraphAdapter"]


def _address(client: Any) -> str:
    """The scheduler address of a ``distributed.Client``."""
    scheduler = getattr(client, "scheduler", None)
    address = getattr(scheduler, "address", None)
    if not isinstance(address, str):
        raise UsageError(
            f"cannot tell the Dask scheduler's address from {type(client).__name__} {client!r:.60}",
            hint="pass a distributed.Client connected to a scheduler",
        )
    return address


class DaskGraphAdapter(HamiltonGraphAdapter):
    """Runs the nodes on the client's cluster; the result is ``result_builder``'s
    (default: a pandas DataFrame, as in Hamilton)."""

    def __init__(
        self,
        dask_client: Any,
        result_builder: Any = None,
        visualize_kwargs: dict[str, Any] | None = None,
        use_delayed: bool = True,
        compute_at_end: bool = True,
    ) -> None:
        if use_delayed and not compute_at_end:
            raise not_supported(
                "DaskGraphAdapter(use_delayed=True, compute_at_end=False)",
                "dagrun has run the nodes by then, so there is no delayed result; pass "
                "use_delayed=False to get the result builder's (lazy) value",
            )
        self.client = dask_client
        self.address = _address(dask_client)
        self.result_builder = result_builder if result_builder else PandasDataFrameResult()
        self.visualize_kwargs = visualize_kwargs
        self.use_delayed = use_delayed
        self.compute_at_end = compute_at_end

    def dagrun_engine(self) -> Engine:
        return Engine(executor="dask", address=self.address)

    def build_result(self, **outputs: Any) -> Any:  # type: ignore[override]
        """The builder's result; a dask collection it makes is drawn with
        ``visualize_kwargs`` and, without ``use_delayed``, computed at the end."""
        import dask

        result = self.result_builder.build_result(**outputs)
        if not dask.is_dask_collection(result):
            return result
        if self.visualize_kwargs is not None:
            result.visualize(**self.visualize_kwargs)
        if self.compute_at_end and not self.use_delayed:
            (result,) = dask.compute(result)
        return result


class DaskDataFrameResult(ResultMixin):
    """The outputs as one lazy dask DataFrame, joined on their indexes (outer), as in Hamilton.

    A Series is a column and a DataFrame's columns become ``output.column``
    (pandas ones as one partition); arrays and lists are columns on a 0.. index.
    Any other value (a dask Scalar computed) repeats along the index of the first
    Series or DataFrame before it, or makes a single row.
    """

    @staticmethod
    def build_result(**outputs: Any) -> Any:
        import dask.array as da
        import dask.dataframe as dd
        import numpy as np
        import pandas as pd

        if not outputs:
            raise UsageError(
                "no outputs to build a dask DataFrame from", hint="request at least one output"
            )
        index: Any = None
        parts: list[Any] = []
        columns: list[str] = []
        for name, value in outputs.items():
            if isinstance(value, pd.Series | pd.DataFrame):
                value = dd.from_pandas(value, npartitions=1)
            if isinstance(value, dd.Series | dd.DataFrame):
                if index is None:
                    index = value.index.compute()
                parts.append(value)
                is_frame = isinstance(value, dd.DataFrame)
                columns.extend([f"{name}.{c}" for c in value.columns] if is_frame else [name])
                continue
            if isinstance(value, np.ndarray | list | tuple):
                parts.append(dd.from_array(da.from_array(np.asarray(value))))
            else:
                scalar = value.compute() if isinstance(value, dd.Scalar) else value
                rows = [0] if index is None else index
                frame = pd.DataFrame({name: [scalar] * len(rows)}, index=rows)
                parts.append(dd.from_pandas(frame, npartitions=1))
            columns.append(name)
        frame = dd.concat(parts, axis=1, join="outer")
        frame.columns = columns
        return frame


class DaskExecutor(TaskExecutor):
    """For ``with_remote_executor``: the flow runs on the client's cluster."""

    kind = "dask"

    def __init__(self, *, client: Any) -> None:
        self.client = client
        self.address = _address(client)

    def dagrun_engine(self) -> Engine:
        return Engine(executor="dask", address=self.address)
