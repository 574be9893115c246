from hamilton.function_modifiers import config


@config.when(mode="b")
def total(x: int) -> int:
    return x + 2
