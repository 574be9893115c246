"""mutate: a function declared after its target becomes a pipe_output step on it."""

from hamilton.function_modifiers import mutate


def prices(raw_price: float) -> float:
    return raw_price * 2


def report(prices: float) -> str:
    return f"price={prices}"


@mutate(prices)
def _round_down(x: float) -> float:
    return float(int(x))
