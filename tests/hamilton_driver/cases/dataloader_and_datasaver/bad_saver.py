from hamilton.function_modifiers import datasaver


@datasaver()
def not_a_dict() -> list:
    return []
