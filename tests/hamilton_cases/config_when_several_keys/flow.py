"""config.when with two keys: every key must match."""

from hamilton.function_modifiers import config


@config.when(region="eu", tier="gold")
def fee__eu_gold(amount: float) -> float:
    return amount * 0.01


@config.when(region="eu", tier="basic")
def fee__eu_basic(amount: float) -> float:
    return amount * 0.03


@config.when(region="us", tier="gold")
def fee__us_gold(amount: float) -> float:
    return amount * 0.02


def net(amount: float, fee: float) -> float:
    return amount - fee
