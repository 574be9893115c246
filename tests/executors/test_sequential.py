"""The sequential executor passes the shared suite, and keeps its fast path."""

from dagrun.executors.sequential import run_plan

from .suite import ExecutorSuite, load_flow


class TestSequential(ExecutorSuite):
    executor = "sequential"


def test_plain_plan_runs_on_the_fast_path_without_observers():
    """A plan with no blocks, retries or timeouts is plain, and runs without observers."""
    import dagrun

    driver = dagrun.Driver({}, load_flow("branches"))
    plan = driver.plan(["final"], ["x", "fail"])
    assert plan.plain
    values = driver.seed_values(plan, {"x": 2, "fail": False}, {})
    assert run_plan(plan, values).values[plan.slots["final"]] == 1500 - 3


def test_steered_plan_is_not_plain():
    """A retry or timeout on a requested node takes the plan off the fast path."""
    import dagrun

    driver = dagrun.Driver({}, load_flow("steered"))
    assert not driver.plan(["flaky"], ["log_dir", "failures"]).plain
    assert not driver.plan(["sleepy"], ["sleep_s"]).plain
    assert driver.plan(["calls"], ["log_dir"]).plain
