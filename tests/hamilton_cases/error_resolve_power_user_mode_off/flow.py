from hamilton.function_modifiers import ResolveAt, parameterize, resolve, value


@resolve(
    when=ResolveAt.CONFIG_AVAILABLE,
    decorate_with=lambda regions: parameterize(
        **{f"{name}_total": {"offset": value(i)} for i, name in enumerate(regions)}
    ),
)
def region_total(base: int, offset: int) -> int:
    return base * 100 + offset
