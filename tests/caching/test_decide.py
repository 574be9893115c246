"""Keys and reasons: what makes a node rerun, said in words a user reads."""

from dataclasses import dataclass, replace

from dagrun.caching.decide import (
    Input,
    behavior_of,
    explain_miss,
    node_key,
    preview,
    static_reason,
    stores,
)
from dagrun.caching.store import Entry
from dagrun.modifiers.resolve import function_node


def left(x: int) -> int:
    return x


NODE = function_node(left)


def entry(code="c1", inputs='{"x": ["f5", "5"], "up": ["u1", null]}'):
    return Entry("k", "left", code, "v", "b" * 32, 1, inputs)


def test_key_depends_on_code_names_and_fingerprints():
    """Changing the code, an input's name or its fingerprint changes the key."""
    base = node_key("c1", [Input("x", "f5", "input")])
    assert base == node_key("c1", [Input("x", "f5", "config")])
    assert base != node_key("c2", [Input("x", "f5", "input")])
    assert base != node_key("c1", [Input("y", "f5", "input")])
    assert base != node_key("c1", [Input("x", "f6", "input")])


def test_no_key_without_every_fingerprint():
    """An input that cannot be fingerprinted leaves the node without a key."""
    assert node_key("c1", [Input("x", None, "input")]) is None


def test_reasons_name_the_first_difference():
    """A miss says code changed, which input changed and how, or which upstream changed."""
    same_up = Input("up", "u1", "node")
    assert explain_miss(None, "c1", []) == "no entry"
    assert explain_miss(entry(), "c2", []) == "code changed"
    changed = [Input("x", "f7", "input", "7"), same_up]
    assert explain_miss(entry(), "c1", changed) == "input x changed: 5 → 7"
    config = [Input("x", "f7", "config", "7"), same_up]
    assert explain_miss(entry(), "c1", config) == "config x changed: 5 → 7"
    big = [Input("x", "f7", "input", None), same_up]
    assert explain_miss(entry(), "c1", big) == "input x changed"
    upstream = [Input("x", "f5", "input", "5"), Input("up", "u2", "node")]
    assert explain_miss(entry(), "c1", upstream) == "upstream up changed"
    assert explain_miss(entry(), "c1", [Input("z", "f", "input")]) == "new input z"


def test_preview_is_for_small_scalars_only():
    """Small scalars preview as their repr, long ones are cut, containers have none."""
    assert preview(5) == "5"
    assert preview("ab") == "'ab'"
    assert preview("x" * 100).endswith("...") and len(preview("x" * 100)) == 40
    assert preview([1, 2]) is None


def test_behavior_comes_from_the_cache_record():
    """``@cache(behavior=...)`` is read from Node.meta as a mapping or an object."""

    @dataclass(frozen=True)
    class Record:
        behavior: str

    assert behavior_of(NODE) == "default"
    assert behavior_of(replace(NODE, meta={"cache": {"behavior": "recompute"}})) == "recompute"
    assert behavior_of(replace(NODE, meta={"cache": Record("ignore")})) == "ignore"
    assert behavior_of(replace(NODE, meta={"cache": {"behavior": None}})) == "default"


def test_static_reasons_and_storage():
    """Forced, non-default behaviors and parallel roles always run; only some store."""
    assert static_reason(NODE, forced=False) is None
    assert static_reason(NODE, forced=True) == "forced"
    disabled = replace(NODE, meta={"cache": {"behavior": "disable"}})
    assert static_reason(disabled, forced=False) == '@cache(behavior="disable")'
    assert not stores(disabled)
    assert stores(replace(NODE, meta={"cache": {"behavior": "recompute"}}))
    assert static_reason(replace(NODE, role="expand"), forced=False).startswith("not cacheable")
    assert static_reason(NODE, forced=False, block=True).startswith("runs per Parallelizable")
    assert not stores(replace(NODE, role="collect"))


def test_the_cache_package_leaves_the_public_decorator_alone():
    """Importing dagrun.caching keeps ``dagrun.cache`` the ``@cache`` decorator."""
    import dagrun
    import dagrun.caching

    assert callable(dagrun.cache)
    assert dagrun.cache(behavior="recompute").behavior == "recompute"
