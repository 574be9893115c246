"""pipe_input: .named() with the default namespace, and with namespace=None."""

from hamilton.function_modifiers import pipe_input, step


def _double(x: float) -> float:
    return x * 2


def _negate(x: float) -> float:
    return -x


@pipe_input(
    step(_double).named("doubled"),
    step(_negate).named("flipped", namespace=None),
)
def result(raw: float) -> float:
    return raw + 0.5
