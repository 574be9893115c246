from hamilton.function_modifiers import pipe_output, step, tag


def _add(x: int, n: int) -> int:
    return x + n


@tag(owner="calc")
@pipe_output(step(_add, n=10))
def total(start: int) -> int:
    return start * 2
