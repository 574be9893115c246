"""A config.when node whose config key is absent, yet the node is requested."""

from hamilton.function_modifiers import config


@config.when(mode="fast")
def speed__fast(distance: float) -> float:
    return distance / 2.0


def eta(speed: float) -> float:
    return speed * 10.0
