from hamilton.function_modifiers import parameterize, value


@parameterize(out_a={"x": value(1), "nope": value(2)})
def f(x: int) -> int:
    return x
