from hamilton.function_modifiers import extract_columns


@extract_columns("a", "b")
def table(rows: list) -> dict:
    return {"a": 1, "b": 2}
