from hamilton.function_modifiers import check_output


@check_output(contains=["@", "."], does_not_contain=" ", importance="warn")
def email(raw: str) -> str:
    return raw.strip().lower()
