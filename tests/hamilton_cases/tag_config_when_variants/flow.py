from hamilton.function_modifiers import config, tag


@tag(flavor="fast")
@config.when(mode="fast")
def result__fast(x: int) -> int:
    return x + 1


@config.when(mode="slow")
@tag(flavor="slow")
def result__slow(x: int) -> int:
    return x + 100
