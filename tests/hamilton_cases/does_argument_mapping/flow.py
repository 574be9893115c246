"""@does with argument_mapping: replacing function's parameter -> decorated parameter."""

from hamilton.function_modifiers import does


def _scale(amount: float, factor: float) -> float:
    return amount * factor


@does(_scale, amount="price", factor="multiplier")
def scaled_price(price: float, multiplier: float) -> float:
    pass


@does(_scale, amount="weight")
def scaled_weight(weight: float, factor: float) -> float:
    pass
