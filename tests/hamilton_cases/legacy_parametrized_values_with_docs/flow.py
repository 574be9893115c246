from hamilton.function_modifiers import parametrized


@parametrized(
    parameter="factor",
    assigned_output={("doubled", "x times two"): 2, ("tripled", "x times three"): 3},
)
def scaled(x: int, factor: int) -> int:
    return x * factor


def total(doubled: int, tripled: int) -> int:
    return doubled + tripled
