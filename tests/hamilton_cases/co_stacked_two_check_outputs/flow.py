from hamilton.function_modifiers import check_output


@check_output(range=(0, 10), importance="warn")
@check_output(values_in=[1, 2, 3], importance="warn")
def score(x: int) -> int:
    return x
