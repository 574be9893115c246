class Broken(Exception):
    pass


def a(x: int) -> int:
    return x + 1


def divide(a: int, d: int) -> float:
    return a / d


def broken(a: int) -> int:
    raise Broken(f"broken at {a}")
