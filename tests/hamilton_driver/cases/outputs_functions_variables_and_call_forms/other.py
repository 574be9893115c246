def a(x: int) -> int:
    return x
