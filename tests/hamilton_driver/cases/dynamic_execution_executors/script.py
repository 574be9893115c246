"""Dynamic execution: a Parallelizable/Collect block on each executor gives one result;
the builder's preconditions are checked as in Hamilton. Guarded by __main__, as a script
using worker processes must be."""

import logging

import flow
from hamilton import driver
from hamilton.execution import executors
from show import emit, error

logging.disable(logging.CRITICAL)


def dynamic():
    return (
        driver.Builder().with_modules(flow).enable_dynamic_execution(allow_experimental_mode=True)
    )


def refused(call):
    try:
        call()
    except Exception as exc:
        return error(exc)
    return None


ASK = ["total", "plain"]


def main():
    emit(
        default=dynamic().build().execute(ASK, inputs={"n": 4}),
        threads=dynamic()
        .with_remote_executor(executors.MultiThreadingExecutor(max_tasks=3))
        .build()
        .execute(ASK, inputs={"n": 5}),
        synchronous=dynamic()
        .with_local_executor(executors.SynchronousLocalTaskExecutor())
        .with_remote_executor(executors.SynchronousLocalTaskExecutor())
        .build()
        .execute(ASK, inputs={"n": 3}),
        processes=dynamic()
        .with_remote_executor(executors.MultiProcessingExecutor(max_tasks=2))
        .build()
        .execute(ASK, inputs={"n": 3}),
        manager=dynamic()
        .with_execution_manager(
            executors.DefaultExecutionManager(
                remote_executor=executors.MultiThreadingExecutor(max_tasks=2)
            )
        )
        .build()
        .execute(["total"], inputs={"n": 2}),
        empty_block=dynamic().build().execute(["total"], inputs={"n": 0}),
        without_flag=refused(lambda: driver.Builder().enable_dynamic_execution()),
        executor_without_dynamic=refused(
            lambda: driver.Builder().with_remote_executor(executors.MultiThreadingExecutor(2))
        ),
        remote_twice=refused(
            lambda: (
                dynamic()
                .with_remote_executor(executors.MultiThreadingExecutor(2))
                .with_remote_executor(executors.MultiThreadingExecutor(2))
            )
        ),
        adapter_twice=refused(
            lambda: driver.Builder().with_adapter(object()).with_adapter(object())
        ),
    )


if __name__ == "__main__":  # worker processes import this file too
    main()
