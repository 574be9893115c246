"""parameterize (with group and docstring templates), inject, does and tags on the results."""

from dagrun import (
    does,
    group,
    inject,
    parameterize,
    parameterize_values,
    source,
    tag,
    tag_outputs,
    value,
)


@tag(kind="total")
@parameterize(
    total_small={"parts": group(source("a"), source("b")), "scale": value(1)},
    total_large={"parts": group(source("a"), value(100)), "scale": value(10)},
)
def total(parts: list[int], scale: int) -> int:
    """Sum of parts times {scale}."""
    return sum(parts) * scale


@tag_outputs(low_bar={"level": "low"}, high_bar={"level": "high"})
@parameterize_values(
    parameter="bar", assigned_output={"low_bar": 1, ("high_bar", "The high bar."): 9}
)
def bar_value(bar: int) -> int:
    return bar


@inject(named=group(first=source("a"), second=value(2)))
def named_pair(named: dict[str, int]) -> str:
    return f"{named['first']}-{named['second']}"


def _sum_all(**numbers: int) -> int:
    return sum(numbers.values())


@does(_sum_all)
def a_plus_b(a: int, b: int) -> int:
    pass


def _scaled(number: int, factor: int = 3) -> int:
    return number * factor


@does(_scaled, number="a")
def a_scaled(a: int) -> int:
    pass
