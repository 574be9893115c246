from hamilton.function_modifiers import tag


def a(x: int) -> int:
    return x + 1


@tag(owner="me")
def b(a: int, y: int = 2) -> int:
    return a * y


def c(a: int) -> int:
    raise ZeroDivisionError("c cannot")
