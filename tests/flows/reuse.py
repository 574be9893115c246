"""subdag and parameterized_subdag over the cleaning flow."""

from dagrun import parameterized_subdag, source, subdag, value
from tests.flows import cleaning


@subdag(
    cleaning,
    inputs={"raw": source("north_readings"), "factor": value(2.0)},
    config={"summary": "mean"},
)
def north(summary: float, kept_count: int) -> str:
    return f"{kept_count} kept, summary {summary}"


@parameterized_subdag(
    cleaning,
    inputs={"factor": value(1.0)},
    south_max={"inputs": {"raw": source("south_readings")}, "config": {"summary": "max"}},
    south_mean={"inputs": {"raw": source("south_readings")}, "config": {"summary": "mean"}},
    external_inputs=["label"],
)
def regional(scaled_summary: float, label: str) -> str:
    return f"{label}: {scaled_summary}"
