from hamilton.function_modifiers import parametrized


@parametrized(parameter="factr", assigned_output={("doubled", "x times two"): 2})
def scaled(x: int, factor: int) -> int:
    return x * factor
