from hamilton.function_modifiers import check_output


@check_output(allow_none=False, importance="fail")
def lookup(key: str, table: dict) -> int | None:
    return table.get(key)
