"""@extract_fields(fill_with=...) supplies a missing field."""

from hamilton.function_modifiers import extract_fields


@extract_fields({"hits": int, "misses": int}, fill_with=0)
def tally(events: list) -> dict:
    return {"hits": events.count("hit")}
