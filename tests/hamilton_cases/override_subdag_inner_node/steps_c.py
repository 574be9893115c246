def kept(values: list) -> list:
    return [v for v in values if v > 0]


def kept_sum(kept: list) -> int:
    return sum(kept)
