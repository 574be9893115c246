"""config.when and friends: variant choice, naming, @config.default, unhandled values."""

import pytest

import dagrun
from dagrun import GraphError, config
from tests.flows import variants
from tests.modifiers.helpers import build, line_of


def _variants():
    @config.when(mode="a")
    def out__a() -> str:
        return "a"

    @config.when(mode="b")
    def out__b() -> str:
        return "b"

    return out__a, out__b


@pytest.mark.parametrize(
    ("switch", "setting", "present"),
    [
        (config.when(k=1), {"k": 1}, True),
        (config.when(k=1), {"k": 2}, False),
        (config.when(k=1), {}, False),
        (config.when_not(k=1), {"k": 1}, False),
        (config.when_not(k=1), {"k": 2}, True),
        (config.when_not(k=1), {}, True),
        (config.when_in(k=[1, 2]), {"k": 2}, True),
        (config.when_in(k=[1, 2]), {"k": 3}, False),
        (config.when_in(k=[1, 2]), {}, False),
        (config.when_not_in(k=[1, 2]), {"k": 2}, False),
        (config.when_not_in(k=[1, 2]), {"k": 3}, True),
        (config.when_not_in(k=[1, 2]), {}, True),
    ],
)
def test_each_switch_keeps_or_drops_its_function(switch, setting, present):
    """The four switches follow Hamilton's rules, absent keys included."""

    def value__variant() -> int:
        return 1

    switch(value__variant)
    assert ("value" in build(value__variant, config=setting)) is present


def test_suffix_is_dropped_and_name_overrides_it():
    """node__suffix becomes node; name= picks another name."""

    @config.when(mode="x")
    def speed__fast() -> int:
        return 1

    @config.when(mode="x", name="pace")
    def speed__slow() -> int:
        return 2

    nodes = build(speed__fast, speed__slow, config={"mode": "x"})
    assert set(nodes) == {"speed", "pace"}
    assert speed__fast.__name__ == "speed__fast"


def test_only_the_matching_variant_takes_part():
    """With mode=b the node 'out' is out__b."""
    nodes = build(*_variants(), config={"mode": "b"})
    assert nodes["out"].callable() == "b"


def test_default_variant_is_used_when_nothing_else_matches():
    """shipping=drone matches no variant, so @config.default gives 7."""
    result = dagrun.Driver({"shipping": "drone"}, variants).execute(
        ["delivery_days"], inputs={"rows": []}
    )
    assert result["delivery_days"] == 7


def test_default_variant_steps_aside_when_another_matches():
    """shipping=ground picks the when_in variant over the default."""
    result = dagrun.Driver({"shipping": "ground"}, variants).execute(
        ["delivery_days"], inputs={"distance_km": 1000, "rows": []}
    )
    assert result["delivery_days"] == 4


def test_default_variant_also_covers_an_absent_key():
    """No shipping key at all: the default still stands in."""
    dr = dagrun.Driver({}, variants)
    assert dr.execute(["delivery_days"], inputs={"rows": []})["delivery_days"] == 7


def test_default_called_with_parentheses_works_too():
    """@config.default() is the same as @config.default."""

    @config.default()
    def size__any() -> int:
        return 3

    assert build(size__any)["size"].callable() == 3


def _needs_out(out: str) -> str:
    return out + "!"


def test_a_config_value_no_variant_handles_is_a_graph_error():
    """mode=c matches neither variant that final needs; the error names value, variants, fix."""
    out_a, out_b = _variants()
    with pytest.raises(GraphError) as caught:
        build(out_a, out_b, _needs_out, config={"mode": "c"})
    text = str(caught.value)
    assert "config mode='c' matches no variant of node 'out'" in text
    assert line_of(out_a) in text and line_of(out_b) in text
    assert "@config.default" in text


def test_an_unhandled_value_is_fine_when_nothing_needs_the_node():
    """Nobody reads 'out' (or reads it with a default), so leaving it out is allowed."""

    def optional_reader(out: str = "none") -> str:
        return out

    nodes = build(*_variants(), optional_reader, config={"mode": "c"})
    assert "out" not in nodes and "optional_reader" in nodes


def test_an_absent_key_leaves_the_node_out_without_error():
    """With no mode set, 'out' is simply not built (as in Hamilton)."""
    assert "out" not in build(*_variants(), config={})


def test_two_defaults_for_one_node_is_a_graph_error():
    """Only one fallback per node."""

    @config.default
    def level__one() -> int:
        return 1

    @config.default
    def level__two() -> int:
        return 2

    with pytest.raises(GraphError, match=r"two @config\.default variants") as caught:
        build(level__one, level__two)
    assert line_of(level__one) in str(caught.value)


def test_default_mixed_with_a_condition_is_a_graph_error():
    """A fallback that also has a condition is contradictory."""

    @config.default
    @config.when(mode="x")
    def level__odd() -> int:
        return 1

    with pytest.raises(GraphError, match="combined with another @config"):
        build(level__odd, config={"mode": "x"})
