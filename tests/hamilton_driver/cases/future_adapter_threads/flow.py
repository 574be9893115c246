import time


def slow_a(x: int) -> int:
    time.sleep(0.05)
    return x + 1


def slow_b(x: int) -> int:
    time.sleep(0.05)
    return x * 2


def total(slow_a: int, slow_b: int) -> int:
    return slow_a + slow_b
