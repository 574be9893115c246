"""A step() given an argument its function does not have."""

from hamilton.function_modifiers import pipe_input, step, value


def _inc(x: int) -> int:
    return x + 1


@pipe_input(step(_inc, amount=value(3)))
def result(v: int) -> int:
    return v
