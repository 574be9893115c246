"""@extract_fields with a list of names; field types come from dict[str, int]."""

from hamilton.function_modifiers import extract_fields


@extract_fields(["apples", "pears"])
def fruit_counts(basket: str) -> dict[str, int]:
    return {"apples": basket.count("a"), "pears": basket.count("p"), "kiwis": 0}


def fruit_total(apples: int, pears: int) -> int:
    return apples + pears
