"""@tag_outputs naming a node the function does not make."""

from hamilton.function_modifiers import tag_outputs


@tag_outputs(price={"unit": "usd"}, not_a_node={"unit": "none"})
def price(cost: float) -> float:
    return cost * 1.2
