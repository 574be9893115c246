from hamilton.function_modifiers import check_output


@check_output(range=(0, 10), importance="fail")
def score(x: int) -> int:
    return x * 100
