"""The processes executor passes the shared suite."""

from .suite import ExecutorSuite


class TestProcesses(ExecutorSuite):
    executor = "processes"
