from hamilton.function_modifiers import tag


def a(x: int) -> int:
    """One more than x."""
    return x + 1


@tag(owner="me")
def b(a: int, y: int = 2) -> int:
    return a * y
