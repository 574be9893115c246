from hamilton.function_modifiers import parameterize, source, value


@parameterize(
    double={"x": source("base"), "k": value(2)},
    triple={"x": source("base"), "k": value(3)},
)
def scaled(x: int, k: int) -> int:
    return x * k


def both(double: int, triple: int) -> int:
    return double + triple
