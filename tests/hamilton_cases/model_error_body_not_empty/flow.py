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


@model(LinearCombination, "score_weights")
def score() -> pd.Series:
    return pd.Series([0.0])
