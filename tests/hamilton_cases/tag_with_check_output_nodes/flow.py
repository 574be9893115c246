from hamilton.function_modifiers import check_output, tag


@tag(owner="qa")
@check_output(range=(0, 10), importance="warn")
def score(x: int) -> int:
    return x
