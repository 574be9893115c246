"""Hamilton's Dask adapter and executor: the flow runs on dagrun's ``dask`` executor,
on the cluster the given ``distributed.Client`` is connected to.

dagrun ships each node to a worker and brings its value back, so results are
always computed values (``use_delayed`` makes no difference).
"""

from __future__ import annotations

from typing import Any

from dagrun.hamilton._support import Engine, UsageError, not_supported, refusing
from dagrun.hamilton.base import HamiltonGraphAdapter, PandasDataFrameResult
from dagrun.hamilton.execution.executors import TaskExecutor

__all__ = ["DaskExecutor", "DaskGraphAdapter"]


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
        if visualize_kwargs is not None:
            raise not_supported(
                "DaskGraphAdapter(visualize_kwargs=...)", "draw the flow with visualize_execution"
            )
        if not compute_at_end:
            raise not_supported(
                "DaskGraphAdapter(compute_at_end=False)",
                "dagrun always returns computed values; return dask collections from the "
                "functions if you want them lazy",
            )
        self.client = dask_client
        self.address = _address(dask_client)
        self.result_builder = result_builder if result_builder else PandasDataFrameResult()
        self.use_delayed = use_delayed

    def dagrun_engine(self) -> Engine:
        return Engine(executor="dask", address=self.address)

    def build_result(self, **outputs: Any) -> Any:  # type: ignore[override]
        return self.result_builder.build_result(**outputs)


class DaskExecutor(TaskExecutor):
    """For ``with_remote_executor``: the flow runs on the client's cluster."""

    kind = "dask"

    def __init__(self, *, client: Any) -> None:
        self.client = client
        self.address = _address(client)

    def dagrun_engine(self) -> Engine:
        return Engine(executor="dask", address=self.address)


__getattr__ = refusing(
    __name__,
    {"DaskDataFrameResult": "return one dask DataFrame from a node, with base.DictResult"},
)
