from hamilton.function_modifiers import tag


def raw(x: int) -> int:
    return x


@tag(owner="data")
def table(raw: int) -> int:
    return raw * 2


def report(table: int) -> int:
    return table + 1
