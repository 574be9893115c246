from hamilton.function_modifiers import pipe_output, step


def _add(x: int, n: int) -> int:
    return x + n


def _times(x: int, k: int) -> int:
    return x * k


@pipe_output(step(_add, n=10), step(_times, k=2))
def total(start: int) -> int:
    return start
