"""parameterize_sources: one output reads another output of the same decorator; the
unmapped parameter stays an ordinary dependency."""

from hamilton.function_modifiers import parameterize_sources


@parameterize_sources(
    step_one={"base": "start"},
    step_two={"base": "step_one"},
    step_three={"base": "step_two"},
)
def add_increment(base: int, increment: int) -> int:
    return base + increment
