"""parameterize_values: container-valued constants; another parameter keeps its default."""

from hamilton.function_modifiers import parameterize_values


@parameterize_values(
    parameter="weights",
    assigned_output={
        ("weighted_equal", "Equal weights."): {"a": 1.0, "b": 1.0},
        ("weighted_a_heavy", "A weighted three times."): {"a": 3.0, "b": 1.0},
    },
)
def weighted_sum(scores: dict, weights: dict, offset: float = 0.5) -> float:
    return sum(scores[k] * w for k, w in weights.items()) + offset
