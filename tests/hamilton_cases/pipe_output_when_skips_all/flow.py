"""pipe_output where config switches off every step: the node stays the plain function."""

from hamilton.function_modifiers import pipe_output, step


def _triple(x: int) -> int:
    return x * 3


def _inc(x: int) -> int:
    return x + 1


@pipe_output(step(_triple).when(env="prod"), step(_inc).when(env="prod"))
def count(n: int) -> int:
    return n + 1000


@pipe_output(step(_triple).when(env="dev"), step(_inc).when(env="prod"))
def other(n: int) -> int:
    return n
