from hamilton.function_modifiers import config


def described(label: str) -> str:
    return "label=" + label


@config.when(mode="fast")
def speed__fast() -> int:
    return 100


@config.when(mode="slow")
def speed__slow() -> int:
    return 1
