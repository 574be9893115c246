import pandas as pd
from hamilton.function_modifiers import model


class LinearCombination:
    """A model whose weights come from the config: {column: weight}."""

    def __init__(self, config_parameters, name, scale=1.0):
        self.weights = config_parameters
        self.name = name
        self.scale = scale

    def get_dependents(self):
        return sorted(self.weights)

    def compute(self, **columns):
        return sum(columns[c] * w for c, w in self.weights.items()) * self.scale


def height() -> pd.Series:
    return pd.Series([1.0, 2.0, 3.0])


@model(LinearCombination, "score_weights")
def score() -> pd.Series:
    """A weighted sum of the columns the config names."""


def score_doubled(score: pd.Series) -> pd.Series:
    return score * 2
