"""make_executor: the one place that knows the executor kinds and checks their options."""

import pytest

import dagrun
from dagrun.executors import KINDS, make_executor


def test_every_kind_is_made_without_starting_anything():
    """Each kind builds; parallel kinds wrap a backend of their kind, idle until run."""
    assert make_executor("sequential").backend is None
    for kind in KINDS[1:]:
        executor = make_executor(kind, max_workers=2)
        assert (executor.kind, executor.backend.kind) == (kind, kind)
        executor.close()


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"kind": "thread"}, "unknown executor 'thread'"),
        ({"kind": "threads", "max_workers": 0}, "max_workers must be a whole number >= 1"),
        ({"kind": "processes", "address": "tcp://127.0.0.1:1"}, "an address is for the dask"),
    ],
    ids=["kind", "workers", "address"],
)
def test_bad_options_are_input_errors(kwargs, message):
    """Unknown kinds (with a did-you-mean), bad counts and misplaced addresses are refused."""
    with pytest.raises(dagrun.InputError, match=message) as caught:
        make_executor(**kwargs)
    if kwargs["kind"] == "thread":
        assert "did you mean 'threads'" in caught.value.hint


def test_driver_runs_on_the_executor_it_was_given():
    """Driver(executor=...) builds that executor; close releases it."""
    from tests.flows import branches

    driver = dagrun.Driver({}, branches, executor="threads", max_workers=3)
    assert driver.runner.backend.workers == 3
    assert driver.execute(["joined"], inputs={"x": 1}) == {"joined": 10}
    driver.close()
