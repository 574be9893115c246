"""tag, tag_outputs and cache: metadata on nodes, never a change of value."""

import pytest

import dagrun
from dagrun import GraphError, cache, extract_fields, tag, tag_outputs
from tests.modifiers.helpers import build, line_of


def test_tag_adds_string_and_list_tags():
    """Tags land on the node; lists of strings are allowed."""

    @tag(owner="team", consumers=["a", "b"])
    def tagged() -> int:
        return 1

    node = build(tagged)["tagged"]
    assert node.tags == {"owner": "team", "consumers": ["a", "b"]}
    assert node.callable() == 1


def test_tags_show_in_list_available_variables():
    """NodeInfo carries the tags for selection by tag."""
    import tests.flows.bindings as flow

    infos = {i.name: i for i in dagrun.Driver({}, flow).list_available_variables()}
    assert infos["total_small"].tags["kind"] == "total"


def test_a_non_string_tag_value_is_a_graph_error():
    """tag(level=3) is refused with the function's file:line."""

    @tag(level=3)
    def bad() -> int:
        return 1

    with pytest.raises(GraphError, match="level=3 is neither a string") as caught:
        build(bad)
    assert line_of(bad) in str(caught.value)


def test_tag_outputs_tags_each_named_node():
    """Each field gets its own tags; the dict node gets none."""

    @tag_outputs(lo={"side": "low"}, hi={"side": "high"})
    @extract_fields({"lo": int, "hi": int})
    def bounds() -> dict:
        return {"lo": 1, "hi": 2}

    nodes = build(bounds)
    assert nodes["lo"].tags == {"side": "low"}
    assert nodes["hi"].tags == {"side": "high"}
    assert nodes["bounds"].tags == {}


def test_tag_outputs_naming_an_unknown_node_warns_and_tags_the_rest(caplog):
    """A name the function does not make is ignored, as in Hamilton, with a warning that
    suggests the likely name (under another config the function may make it)."""

    @tag_outputs(loo={"side": "low"}, hi={"side": "high"})
    @extract_fields({"lo": int, "hi": int})
    def bounds() -> dict:
        return {"lo": 1, "hi": 2}

    with caplog.at_level("WARNING", logger="dagrun"):
        nodes = build(bounds)
    assert nodes["hi"].tags["side"] == "high" and "side" not in nodes["lo"].tags
    assert "names 'loo', which it does not make" in caplog.text
    assert "did you mean 'lo'" in caplog.text


def test_cache_is_recorded_in_node_meta():
    """cache(behavior, format) becomes Node.meta['cache'] for the cache to act on."""

    @cache(behavior="recompute", format="parquet")
    def fresh() -> int:
        return 1

    @cache()
    def usual() -> int:
        return 2

    nodes = build(fresh, usual)
    assert nodes["fresh"].meta["cache"] == {"behavior": "recompute", "format": "parquet"}
    assert nodes["usual"].meta["cache"] == {"behavior": "default", "format": None}


def test_an_unknown_cache_behavior_is_a_graph_error():
    """Only default, recompute, disable and ignore are behaviours."""

    @cache(behavior="sometimes")
    def odd() -> int:
        return 1

    with pytest.raises(GraphError, match="recompute"):
        build(odd)
