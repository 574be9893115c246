"""Three functions in a ring: a needs c, b needs a, c needs b."""


def a(c: int) -> int:
    return c + 1


def b(a: int) -> int:
    return a + 1


def c(b: int) -> int:
    return b + 1
