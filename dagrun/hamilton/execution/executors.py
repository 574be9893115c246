"""Hamilton's task executors, each standing for one of dagrun's executors.

``Builder().enable_dynamic_execution(...).with_remote_executor(executor)`` picks
the dagrun executor the whole flow runs on: dagrun has one executor per driver,
not a local one and a remote one (a remote executor, if set, wins).
"""

from __future__ import annotations

from dagrun.hamilton._support import Engine, UsageError

__all__ = [
    "DefaultExecutionManager",
    "ExecutionManager",
    "MultiProcessingExecutor",
    "MultiThreadingExecutor",
    "SynchronousLocalTaskExecutor",
    "TaskExecutor",
]


class TaskExecutor:
    """Base of the executors: each names a dagrun executor kind."""

    kind = "sequential"

    def dagrun_engine(self) -> Engine:
        return Engine(executor=self.kind)


class SynchronousLocalTaskExecutor(TaskExecutor):
    """dagrun's ``sequential`` executor: one node at a time, in this process."""


class _PoolExecutor(TaskExecutor):
    def __init__(self, max_tasks: int) -> None:
        if not isinstance(max_tasks, int) or max_tasks < 1:
            raise UsageError(f"max_tasks must be a whole number >= 1, not {max_tasks!r}")
        self.max_tasks = max_tasks

    def dagrun_engine(self) -> Engine:
        return Engine(executor=self.kind, max_workers=self.max_tasks)


class MultiThreadingExecutor(_PoolExecutor):
    """dagrun's ``threads`` executor with ``max_tasks`` threads."""

    kind = "threads"


class MultiProcessingExecutor(_PoolExecutor):
    """dagrun's ``processes`` executor with ``max_tasks`` worker processes."""

    kind = "processes"


class ExecutionManager:
    """Hamilton's choice of executor per task; in dagrun, the one executor of the flow."""

    def __init__(self, executors: list[TaskExecutor]) -> None:
        self.executors = executors

    def dagrun_engine(self) -> Engine:
        return self.executors[-1].dagrun_engine() if self.executors else Engine()


class DefaultExecutionManager(ExecutionManager):
    """Parallel-block tasks on ``remote_executor`` (default: 10 threads)."""

    def __init__(
        self,
        local_executor: TaskExecutor | None = None,
        remote_executor: TaskExecutor | None = None,
    ) -> None:
        super().__init__(
            [
                local_executor or SynchronousLocalTaskExecutor(),
                remote_executor or MultiThreadingExecutor(max_tasks=10),
            ]
        )
