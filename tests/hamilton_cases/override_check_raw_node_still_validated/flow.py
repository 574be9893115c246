from hamilton.function_modifiers import check_output


@check_output(range=(0, 10), importance="fail")
def score(x: int) -> int:
    return x


def doubled(score: int) -> int:
    return 2 * score
