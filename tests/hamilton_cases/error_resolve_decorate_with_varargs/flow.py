from hamilton.function_modifiers import ResolveAt, resolve, tag


@resolve(when=ResolveAt.CONFIG_AVAILABLE, decorate_with=lambda *keys: tag(kind="x"))
def doubled(a: int) -> int:
    return a * 2
