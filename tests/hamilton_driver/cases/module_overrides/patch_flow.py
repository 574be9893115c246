def a(x: int) -> int:
    return x + 100


def c(b: int) -> int:
    return b * 1000
