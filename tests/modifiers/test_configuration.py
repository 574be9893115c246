"""configuration(): a subdag config entry read from the outer config."""

import pytest

from dagrun import GraphError, config, configuration, group, inject, source, subdag, value
from tests.modifiers.helpers import build, line_of


def described(label: str) -> str:
    return "label=" + label


@config.when(mode="fast")
def speed__fast() -> int:
    return 100


@config.when(mode="slow")
def speed__slow() -> int:
    return 1


def _subdag(**settings):
    @subdag(described, speed__fast, speed__slow, config=settings)
    def out(speed: int, described: str) -> str:
        return f"{described}:{speed}"

    return out


def test_an_entry_takes_the_outer_config_value():
    nodes = build(_subdag(mode=configuration("outer"), label="x"), config={"outer": "fast"})
    assert nodes["out.speed"].callable is speed__fast


def test_a_node_reading_the_entry_gets_the_value_not_the_marker():
    """Hamilton hands such a node the configuration() object and fails its type check."""
    nodes = build(_subdag(mode="slow", label=configuration("outer")), config={"outer": "L"})
    assert nodes["out.label"].callable() == "L"


def test_value_entries_are_unwrapped_and_siblings_can_be_read():
    """configuration() looks in the outer config laid over with the subdag's constants."""
    nodes = build(_subdag(mode=value("fast"), label=configuration("mode")))
    assert nodes["out.speed"].callable is speed__fast
    assert nodes["out.label"].callable() == "fast"


def test_a_key_the_config_lacks_is_refused():
    out = _subdag(mode=configuration("outer"))
    with pytest.raises(GraphError, match=r"configuration\('outer'\), which the config") as caught:
        build(out)
    assert line_of(out) in str(caught.value)


@pytest.mark.parametrize("setting", [source("outer"), group(source("a"))])
def test_source_and_group_entries_are_refused(setting):
    with pytest.raises(GraphError, match="@subdag config 'mode' is"):
        build(_subdag(mode=setting), config={"outer": "fast"})


def test_configuration_outside_a_subdag_config_is_refused():
    """Hamilton ignores it there and only fails at execute, for the unbound parameter."""

    @inject(k=configuration("mode"))
    def speed_label(k: str) -> str:
        return k

    with pytest.raises(GraphError, match=r"bind source\('mode'\)") as caught:
        build(speed_label, config={"mode": "fast"})
    assert line_of(speed_label) in str(caught.value)
