def scaled(x: int, factor: int = 2) -> int:
    return x * factor
