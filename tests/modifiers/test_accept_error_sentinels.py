"""accept_error_sentinels: Hamilton's mark for nodes that want a failure's sentinel passed in.

It is a tag with Hamilton's key and value; only Hamilton's GracefulErrorAdapter
reads it, to pass the sentinel in (see tests/hamilton_driver).
"""

import sys

import dagrun
from dagrun import accept_error_sentinels
from dagrun.hamilton import lifecycle
from tests.modifiers.helpers import build


@accept_error_sentinels
def gathered(part: int) -> int:
    return part * 2


def test_it_tags_the_node_as_hamilton_does():
    """Recorded from Hamilton 1.90: {'hamilton.error_sentinel': 'injection is requested'}."""
    tags = build(gathered)["gathered"].tags
    assert tags["hamilton.error_sentinel"] == "injection is requested"


def test_it_is_the_same_mark_under_hamilton_lifecycle():
    assert lifecycle.accept_error_sentinels is accept_error_sentinels


def test_without_the_adapter_the_node_runs_as_usual():
    @accept_error_sentinels
    def wants(part: int) -> int:
        return part * 2

    module = type(sys)("sentinel_flow")
    module.wants = wants
    wants.__module__ = module.__name__
    assert dagrun.Driver({}, module).execute(["wants"], inputs={"part": 2}) == {"wants": 4}
