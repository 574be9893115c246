from hamilton.function_modifiers import parameterize, value


@parameterize(shared={"k": value(1)}, only_f={"k": value(2)})
def f(k: int) -> int:
    return k


@parameterize(shared={"k": value(3)})
def g(k: int) -> int:
    return k * 10
