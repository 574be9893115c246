from hamilton.function_modifiers import hamilton_exclude


@hamilton_exclude
def add_tax(amount, rate=0.25):
    return amount * (1 + rate)


def with_tax(price: float) -> float:
    return add_tax(price)
