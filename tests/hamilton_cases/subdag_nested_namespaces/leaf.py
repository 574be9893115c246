"""Innermost helper module."""


def doubled(x: int) -> int:
    return x * 2


def plus_one(doubled: int) -> int:
    return doubled + 1
