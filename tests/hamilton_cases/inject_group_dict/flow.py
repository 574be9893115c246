"""@inject with group(...) in dict form, plus an ordinary source() injection."""

from hamilton.function_modifiers import group, inject, source, value


def alpha() -> float:
    return 1.5


@inject(
    weights=group(first=source("alpha"), second=value(2.0), third=source("beta_input")),
    label=value("w"),
)
def weights_report(weights: dict[str, float], label: str) -> dict:
    return {"label": label, "keys": sorted(weights), "sum": sum(weights.values())}
