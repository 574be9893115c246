from hamilton.function_modifiers import dynamic_transform


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


@dynamic_transform(LinearCombination, "weights")
def combined() -> float:
    pass
