from hamilton.function_modifiers import hamilton_exclude


@hamilton_exclude()
def helper(x: int) -> int:
    return x
