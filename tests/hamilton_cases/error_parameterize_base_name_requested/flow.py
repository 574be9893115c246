"""parameterize: output names come from the keys; docstring templated from bindings."""

from hamilton.function_modifiers import parameterize, source, value


@parameterize(
    revenue_k={"amount": source("revenue"), "divisor": value(1000.0)},
    cost_m=({"amount": source("cost"), "divisor": value(1000000.0)}, "Cost in millions."),
)
def scaled_amount(amount: float, divisor: float) -> float:
    """{amount} divided by {divisor}."""
    return amount / divisor


def margin_ratio(revenue_k: float, cost_m: float) -> float:
    return revenue_k / cost_m
