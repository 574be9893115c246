"""@parameterize with group() bindings: one function, two nodes with different groups."""

from hamilton.function_modifiers import group, parameterize, source, value


def q1() -> float:
    return 10.0


def q2() -> float:
    return 20.0


def q3() -> float:
    return 30.0


@parameterize(
    first_half={"quarters": group(source("q1"), source("q2")), "label": value("H1")},
    with_adjust={"quarters": group(source("q3"), value(5.0)), "label": source("tag_name")},
)
def summed(quarters: list[float], label: str) -> str:
    return f"{label}:{sum(quarters)}"
