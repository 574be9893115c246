"""config.when_not with its key absent from the config."""

from hamilton.function_modifiers import config


@config.when_not(mode="fast")
def speed__normal(distance: float) -> float:
    return distance / 4.0


def eta(speed: float) -> float:
    return speed * 10.0
