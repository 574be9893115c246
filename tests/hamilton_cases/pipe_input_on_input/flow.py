"""pipe_input(on_input=...) pipes the second parameter instead of the first."""

from hamilton.function_modifiers import pipe_input, step, value


def _scale(x: float, by: float) -> float:
    return x * by


def _shift(x: float, offset: float) -> float:
    return x + offset


@pipe_input(step(_scale, value(10.0)), step(_shift, offset=1.0), on_input="ratio")
def combined(base: float, ratio: float) -> float:
    return base + ratio
