"""@pipe_input on a function that has no parameter to pipe into."""

from hamilton.function_modifiers import pipe_input, step


def _inc(x: int) -> int:
    return x + 1


@pipe_input(step(_inc))
def constant() -> int:
    return 5
