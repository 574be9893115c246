"""check_output_custom: a failing fail-level custom validator stops execution."""

import importlib

from hamilton.function_modifiers import check_output_custom

# The validator base class is hamilton.data_quality.base.DataValidator under Hamilton and
# dagrun.DataValidator under dagrun; the conformance runner only rewrites
# function_modifiers imports, so pick the module from where check_output_custom lives.
_dq = importlib.import_module(
    "dagrun"
    if check_output_custom.__module__.startswith("dagrun")
    else "hamilton.data_quality.base"
)
DataValidator = _dq.DataValidator
ValidationResult = _dq.ValidationResult


class AllBelow(DataValidator):
    """Passes when every value of a list/Series is below a limit."""

    def __init__(self, limit: float, importance: str):
        super().__init__(importance=importance)
        self.limit = limit

    def applies_to(self, datatype: type) -> bool:
        return True

    def description(self) -> str:
        return f"all values below {self.limit}"

    @classmethod
    def name(cls) -> str:
        return "all_below"

    def validate(self, dataset) -> ValidationResult:
        bad = [v for v in list(dataset) if not v < self.limit]
        return ValidationResult(
            passes=not bad,
            message=f"{len(bad)} values not below {self.limit}",
            diagnostics={"bad": bad},
        )


@check_output_custom(AllBelow(10, importance="fail"))
def readings(raw: list) -> list:
    return [r * 2 for r in raw]
