from hamilton.function_modifiers import config


@config.when(mode="a")
def total(x: int) -> int:
    return x + 1
