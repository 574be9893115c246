"""pipe_output: the function's value runs through steps; x.raw is the function itself."""

from hamilton.function_modifiers import pipe_output, source, step, value


def _clip(x: float, upper: float) -> float:
    return min(x, upper)


def _add(x: float, extra: float) -> float:
    return x + extra


def extra_amount() -> float:
    return 0.25


@pipe_output(
    step(_clip, upper=value(100.0)),
    step(_add, extra=source("extra_amount")).named("plus_extra"),
)
def score(points: float) -> float:
    return points * 2


def score_label(score: float) -> str:
    return f"score={score}"
