from hamilton.function_modifiers import resolve, tag


@resolve(when="config_available", decorate_with=lambda: tag(kind="x"))
def doubled(a: int) -> int:
    return a * 2
