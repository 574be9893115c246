from hamilton.function_modifiers import schema


@schema.output(("n", "int"))
def count() -> int:
    return 3
