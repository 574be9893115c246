def bonus(x: int) -> int:
    return x * 10


def total(x: int, bonus: int | None = None) -> int:
    return x + (bonus or 0)
