from hamilton.function_modifiers import tag


def a(x: int) -> int:
    """Doubles x.

    At length.
    """
    return x * 2


@tag(owner="me")
def b(a: int, factor: int) -> int:
    return a * factor
