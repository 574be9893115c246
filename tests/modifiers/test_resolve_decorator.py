"""resolve / resolve_from_config: a decorator chosen from the config at build."""

import re

import pytest

from dagrun import (
    GraphError,
    ResolveAt,
    config,
    extract_columns,
    parameterize,
    resolve,
    resolve_from_config,
    tag,
    value,
)
from tests.modifiers.helpers import build, line_of

POWER = {"hamilton.enable_power_user_mode": True}


def _outputs(names):
    return parameterize(**{name: {"k": value(i)} for i, name in enumerate(names)})


@resolve(when=ResolveAt.CONFIG_AVAILABLE, decorate_with=lambda names: _outputs(names))
def offset(a: int, k: int) -> int:
    return a * 10 + k


def test_the_config_decides_the_outputs():
    """Two configs, two shapes of the flow, from one function."""
    assert {"p", "q"} <= set(build(offset, config={**POWER, "names": ["p", "q"]}))
    nodes = build(offset, config={**POWER, "names": ["r"]})
    assert "r" in nodes
    assert "p" not in nodes
    assert "offset" not in nodes


def test_power_user_mode_must_be_on():
    """Missing or false, with the function's file:line (Hamilton: a KeyError when missing)."""
    for setting in ({}, {"hamilton.enable_power_user_mode": False}):
        with pytest.raises(GraphError, match="needs power user mode") as caught:
            build(offset, config={**setting, "names": ["p"]})
        assert line_of(offset) in str(caught.value)
        assert "hamilton.enable_power_user_mode=True" in str(caught.value)


def test_a_required_config_key_must_be_set():
    with pytest.raises(GraphError, match=re.escape("reads config 'names', which the config")):
        build(offset, config=POWER)


def test_optional_keys_fall_back_to_their_defaults():
    @resolve_from_config(decorate_with=lambda level="low": tag(level=level))
    def doubled(a: int) -> int:
        return a * 2

    assert build(doubled, config=POWER)["doubled"].tags["level"] == "low"
    assert build(doubled, config={**POWER, "level": "hi"})["doubled"].tags["level"] == "hi"


def test_the_resolved_decorator_joins_the_static_ones():
    """The resolved @tag applies with the static @extract_columns, on its columns."""
    import pandas as pd

    @extract_columns("x", "y")
    @resolve_from_config(decorate_with=lambda: tag(owner="me"))
    def frame(a: int) -> pd.DataFrame:
        return pd.DataFrame({"x": [a], "y": [a]})

    nodes = build(frame, config=POWER)
    assert {"frame", "x", "y"} <= set(nodes)
    assert nodes["x"].tags["owner"] == "me"


@pytest.mark.parametrize(
    ("when", "decorate_with", "message"),
    [
        ("config_available", lambda: tag(a="b"), "is not a resolution time"),
        (ResolveAt.CONFIG_AVAILABLE, lambda *keys: tag(a="b"), r"takes \*keys"),
        (ResolveAt.CONFIG_AVAILABLE, lambda **keys: tag(a="b"), r"takes \*\*keys"),
        (ResolveAt.CONFIG_AVAILABLE, "not callable", "is not a function"),
        (ResolveAt.CONFIG_AVAILABLE, lambda: None, "returned None, not a decorator"),
        (ResolveAt.CONFIG_AVAILABLE, lambda: config.when(a=1), "decides whether"),
    ],
)
def test_misuses_name_the_function(when, decorate_with, message):
    @resolve(when=when, decorate_with=decorate_with)
    def node(a: int) -> int:
        return a

    with pytest.raises(GraphError, match=message) as caught:
        build(node, config=POWER)
    assert line_of(node) in str(caught.value)
    assert "'node'" in str(caught.value)
