"""pipe_input: steps with plain, value() and source() arguments; a repeated step fn."""

from hamilton.function_modifiers import pipe_input, source, step, value


def _add(x: int, amount: int) -> int:
    return x + amount


def _times(x: int, factor: int) -> int:
    return x * factor


def bonus() -> int:
    return 5


@pipe_input(
    step(_add, 1),
    step(_times, factor=value(3)),
    step(_add, amount=source("bonus")),
)
def final(start: int) -> int:
    return start - 100
