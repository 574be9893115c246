"""@tag on a @parameterize'd function tags every generated node."""

from hamilton.function_modifiers import parameterize, source, tag, value


@tag(owner="pricing", tier="core")
@parameterize(
    price_eur={"amount": source("price_usd"), "rate": value(0.9)},
    price_gbp={"amount": source("price_usd"), "rate": value(0.8)},
)
def converted(amount: float, rate: float) -> float:
    return amount * rate


@tag(owner="pricing")
def price_pair(price_eur: float, price_gbp: float) -> tuple:
    return (price_eur, price_gbp)
