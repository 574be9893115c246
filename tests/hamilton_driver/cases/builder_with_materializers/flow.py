def raw() -> list:
    return [1, 2, 3]


def total(raw: list) -> int:
    return sum(raw)


def summary(total: int, raw: list) -> dict:
    return {"total": total, "n": len(raw)}
