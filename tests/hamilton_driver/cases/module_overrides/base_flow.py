def a(x: int) -> int:
    return x + 1


def b(a: int) -> int:
    return a * 2


def c(b: int) -> int:
    return b - 1
