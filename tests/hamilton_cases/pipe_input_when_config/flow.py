"""pipe_input: steps switched on and off by config (.when / .when_not / .when_in)."""

from hamilton.function_modifiers import pipe_input, step


def _add_ten(x: int) -> int:
    return x + 10


def _square(x: int) -> int:
    return x * x


def _halve(x: int) -> int:
    return x // 2


@pipe_input(
    step(_add_ten).when(mode="boost"),
    step(_square).when_not(mode="boost"),
    step(_halve).when_in(size=["small", "medium"]),
)
def adjusted(level: int) -> int:
    return level
