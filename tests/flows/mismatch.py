"""A producer whose return type does not fit its consumer."""


def label() -> str:
    return "seven"


def doubled(label: int) -> int:
    return label * 2
