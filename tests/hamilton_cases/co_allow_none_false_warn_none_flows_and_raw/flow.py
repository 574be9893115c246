from hamilton.function_modifiers import check_output


@check_output(allow_none=False, importance="warn")
def lookup(key: str, table: dict) -> int | None:
    return table.get(key)


def found(lookup: int | None) -> bool:
    return lookup is not None
