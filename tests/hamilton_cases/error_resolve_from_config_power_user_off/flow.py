from hamilton.function_modifiers import resolve_from_config, tag


@resolve_from_config(decorate_with=lambda level="low": tag(level=level))
def doubled(a: int) -> int:
    return a * 2


@resolve_from_config(decorate_with=lambda stage="raw": tag(stage=stage))
def tripled(a: int) -> int:
    return a * 3
