"""@extract_fields: the dict has keys that are not extracted; only one field is requested."""

from hamilton.function_modifiers import extract_fields


@extract_fields({"total": int, "count": int})
def stats(items: list) -> dict:
    return {"total": sum(items), "count": len(items), "debug": "not a node", "other": [1]}
