from hamilton.function_modifiers import tag


def kept(values: list) -> list:
    return [v for v in values if v > 0]


@tag(inner="yes")
def kept_sum(kept: list) -> int:
    return sum(kept)
