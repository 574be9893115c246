from hamilton.function_modifiers import parametrized_input


def spend() -> float:
    return 12.5


@parametrized_input(
    parameter="amount",
    variable_inputs={
        "spend": ("spend_neg", "spend, negated"),
        "budget": ("budget_neg", "budget, negated"),
    },
)
def negated(amount: float) -> float:
    return -amount
