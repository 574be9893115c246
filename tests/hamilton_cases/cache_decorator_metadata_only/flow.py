from hamilton.function_modifiers import cache, tag


@cache(behavior="recompute")
def base(x: int) -> int:
    return x + 1


@tag(owner="me")
@cache(behavior="disable")
def doubled(base: int) -> int:
    return base * 2
