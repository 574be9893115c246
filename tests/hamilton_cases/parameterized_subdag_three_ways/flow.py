"""parameterized_subdag: three namespaces, inputs by source/value, config per namespace."""

import scoring
from hamilton.function_modifiers import parameterized_subdag, source, value


@parameterized_subdag(
    scoring,
    team_a={"inputs": {"raw": source("a_raw"), "weight": value(1.0)}, "config": {"agg": "sum"}},
    team_b={"inputs": {"raw": source("b_raw"), "weight": value(2.0)}, "config": {"agg": "max"}},
    team_c={
        "inputs": {"raw": source("a_raw"), "weight": source("c_weight")},
        "config": {"agg": "max"},
    },
)
def team_score(score: float) -> float:
    return score


def best_team(team_a: float, team_b: float, team_c: float) -> str:
    scores = {"team_a": team_a, "team_b": team_b, "team_c": team_c}
    return max(scores, key=scores.get)
