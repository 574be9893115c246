"""Parallel blocks: their shape is found once, and shapes that cannot run fail the build."""

import pytest

import dagrun
from dagrun.blocks import find_blocks
from tests.flows import fanout
from tests.flows.blocks import (
    circular,
    collected_twice,
    direct,
    leaky,
    nested,
    orphan,
    uncollected,
)


def test_fanout_block_spans_the_nodes_between_source_and_collector():
    """number ─ shifted_square ─ label ═ labels: the two middle nodes run per item."""
    (shape,) = find_blocks(dagrun.Driver({}, fanout).graph)
    assert shape.source == "number"
    assert shape.inner == {"shifted_square", "label"}
    assert (shape.collector, shape.collected) == ("labels", "label")


def test_graph_without_parallel_nodes_has_no_blocks():
    """A flow without Parallelizable or Collect has nothing to find."""
    from tests.flows import branches

    assert find_blocks(dagrun.Driver({}, branches).graph) == ()


@pytest.mark.parametrize(
    ("module", "message", "node"),
    [
        (uncollected, "Parallelizable 'item' is never collected", "item"),
        (collected_twice, "collected twice, by 'biggest' and by 'total'", "total"),
        (nested, "Parallelizable 'cell' sits inside the block of 'row'", "cell"),
        (leaky, "'total' reads a per-item value of 'item' without Collect", "total"),
        (circular, "per-item node 'share' needs 'total'", "share"),
        (orphan, "'total' collects 'numbers', which no Parallelizable feeds", "total"),
    ],
    ids=["uncollected", "collected-twice", "nested", "leaky", "circular", "orphan"],
)
def test_badly_drawn_block_fails_the_build(module, message, node):
    """Each shape a block cannot run in is a GraphError naming the node and a fix."""
    with pytest.raises(dagrun.GraphError, match=message) as caught:
        dagrun.Driver({}, module)
    assert caught.value.node == node
    assert caught.value.hint
    assert module.__file__ == caught.value.origin.file


def test_collector_may_read_the_parallelizable_itself():
    """Collect over the Parallelizable's own items needs no per-item step at all."""
    driver = dagrun.Driver({}, direct)
    assert driver.execute(["words"], inputs={"text": "b c a"}) == {"words": ["a", "b", "c"]}
    assert all(step.block is None for step in driver.plan(["words"], ["text"]).steps)
