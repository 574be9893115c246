"""mutate on a function of another module: Hamilton allows targets of the same module only."""

from hamilton.function_modifiers import mutate
from helpers import total


@mutate(total)
def _double(x: int) -> int:
    return x * 2
