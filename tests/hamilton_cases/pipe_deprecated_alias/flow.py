"""pipe (the deprecated name of pipe_input) still works."""

from hamilton.function_modifiers import pipe, step


def _inc(x: int) -> int:
    return x + 1


@pipe(step(_inc), step(_inc))
def bumped(v: int) -> int:
    return v * 10
