from hamilton.function_modifiers import check_output


@check_output(contains="1", importance="warn")
def count(n: int) -> int:
    return n + 1
