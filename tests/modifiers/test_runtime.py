"""@retry, @timeout and the run file's pools/retries/timeouts: checked, then recorded."""

import pytest

import dagrun
from dagrun.modifiers.runtime import (
    RetryPolicy,
    apply_settings,
    pool_of,
    retry_policy,
    runtime_settings,
)
from tests.flows import steered


def nodes_of(driver):
    return driver.graph.nodes


def test_decorators_record_policies_in_meta():
    """@retry and @timeout leave the function callable and put policies in Node.meta."""
    nodes = nodes_of(dagrun.Driver({}, steered))
    assert nodes["flaky"].meta["retry"] == RetryPolicy(3, (ConnectionError,), 0.05, 30.0, False)
    assert nodes["sleepy"].meta["timeout"] == 0.3
    assert set(nodes["slow_then_fast"].meta) == {"retry", "timeout"}
    assert steered.sleepy(0.0) == 0.0


def test_pool_comes_from_the_tag():
    """@tag(pool=...) names the node's concurrency pool."""
    nodes = nodes_of(dagrun.Driver({}, steered))
    assert pool_of(nodes["call_a"]) == "api"
    assert pool_of(nodes["flaky"]) is None


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda: dagrun.retry(times=-1), "retry times must be a whole number"),
        (lambda: dagrun.retry(on=ValueError, backoff=-1), "backoff and max_backoff"),
        (lambda: dagrun.retry(on="NoSuchError"), "unknown exception 'NoSuchError'"),
        (lambda: dagrun.retry(on=int), "is not an exception type"),
        (lambda: dagrun.timeout(seconds=0), "timeout must be a number of seconds > 0"),
    ],
    ids=["times", "backoff", "unknown-name", "not-exception", "timeout"],
)
def test_bad_decorator_arguments_are_graph_errors(make, message):
    """A decorator with impossible arguments fails where it is applied."""
    with pytest.raises(dagrun.GraphError, match=message):
        make()


def test_backoff_doubles_up_to_its_cap_and_jitter_stays_in_the_upper_half():
    """Waits are backoff * 2**(n-1), capped; jitter draws from [wait/2, wait]."""
    fixed = RetryPolicy(times=5, backoff=0.5, max_backoff=3.0, jitter=False)
    assert [fixed.wait_before(n) for n in range(1, 6)] == [0.5, 1.0, 2.0, 3.0, 3.0]
    jittered = RetryPolicy(backoff=1.0)
    waits = [jittered.wait_before(2) for _ in range(200)]
    assert all(1.0 <= wait <= 2.0 for wait in waits)
    assert len(set(waits)) > 1


def test_run_file_settings_parse_names_and_dotted_paths():
    """Exception names resolve as builtins or dotted paths; pools and timeouts are kept."""
    settings = runtime_settings(
        {
            "pools": {"api": 2},
            "retries": {"flaky": {"times": 1, "on": ["TimeoutError", "json.JSONDecodeError"]}},
            "timeouts": {"flaky": 5},
        }
    )
    import json

    assert settings.pools == {"api": 2}
    assert settings.retries["flaky"].on == (TimeoutError, json.JSONDecodeError)
    assert settings.timeouts == {"flaky": 5.0}
    assert retry_policy(on=KeyError).on == (KeyError,)


@pytest.mark.parametrize(
    ("mapping", "message"),
    [
        ({"pool": {}}, "unknown runtime setting"),
        ({"pools": {"api": 0}}, "pool 'api' must have a size >= 1"),
        ({"retries": {"flaky": {"tries": 2}}}, "unknown setting"),
        ({"timeouts": {"flaky": "soon"}}, "timeout must be a number"),
    ],
    ids=["key", "pool-size", "retry-key", "timeout"],
)
def test_bad_run_file_settings_are_input_errors(mapping, message):
    """Run-file mistakes are InputErrors that say which setting is wrong."""
    with pytest.raises(dagrun.InputError, match=message):
        runtime_settings(mapping)


def test_settings_for_an_unknown_node_suggest_the_near_name():
    """A retry for a misspelt node fails with a did-you-mean."""
    settings = runtime_settings({"retries": {"flakey": {"times": 1}}})
    nodes = list(nodes_of(dagrun.Driver({}, steered)).values())
    with pytest.raises(dagrun.InputError, match="unknown node 'flakey'") as caught:
        apply_settings(nodes, settings)
    assert "did you mean 'flaky'" in caught.value.hint


def test_run_file_timeout_replaces_the_decorator():
    """``runtime={"timeouts": ...}`` sets the node's timeout over its decorator's."""
    driver = dagrun.Driver({}, steered, runtime={"timeouts": {"sleepy": 2}})
    assert driver.graph.nodes["sleepy"].meta["timeout"] == 2.0
    assert driver.execute(["sleepy"], inputs={"sleep_s": 0.5}) == {"sleepy": 0.5}
