"""pipe_input, pipe_output and step: chains of private helpers around two nodes."""

from dagrun import pipe_input, pipe_output, source, step, value


def _add(x: int, amount: int = 1) -> int:
    return x + amount


def _times(x: int, factor: int) -> int:
    return x * factor


@pipe_input(
    step(_add),
    step(_times, factor=value(3)),
    step(_add, amount=source("bonus")).named("with_bonus"),
    step(_times, 100).when(mode="big"),
)
def piped_in(start: int) -> int:
    return start - 1


@pipe_output(step(_add, amount=10), step(_times, 2).named("doubled", namespace=None))
def piped_out(start: int) -> int:
    return start
