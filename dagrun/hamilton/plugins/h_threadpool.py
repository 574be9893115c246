"""Hamilton's ``FutureAdapter``: the flow runs on dagrun's ``threads`` executor."""

from __future__ import annotations

from typing import Any

from dagrun.hamilton._support import Engine
from dagrun.hamilton.lifecycle.api import ResultBuilder

__all__ = ["FutureAdapter"]


class FutureAdapter(ResultBuilder):
    """Runs independent nodes at once on up to ``max_workers`` threads.

    The result is ``result_builder``'s, or a dict without one. dagrun names its
    own threads, so ``thread_name_prefix`` is not used.
    """

    def __init__(
        self,
        max_workers: int | None = None,
        thread_name_prefix: str = "",
        result_builder: Any = None,
    ) -> None:
        self.max_workers = max_workers
        self.thread_name_prefix = thread_name_prefix
        self.result_builder = result_builder

    def dagrun_engine(self) -> Engine:
        return Engine(executor="threads", max_workers=self.max_workers)

    def build_result(self, **outputs: Any) -> Any:
        if self.result_builder is None:
            return outputs
        return self.result_builder.build_result(**outputs)
