"""A step() function that takes no parameter, so it cannot receive the piped value."""

from hamilton.function_modifiers import pipe_input, step


def _seven() -> int:
    return 7


@pipe_input(step(_seven))
def result(v: int) -> int:
    return v
