"""A small flow; the case requests a node that does not exist."""


def subtotal(price: float, quantity: int) -> float:
    return price * quantity


def total(subtotal: float) -> float:
    return subtotal * 1.2
