"""The checks ``check_output`` knows by keyword, and the shape of any check.

A validator has a ``name()``, an ``importance`` ("warn" or "fail") and
``validate(value) -> ValidationResult``; subclass ``DataValidator`` to write one
for ``check_output_custom``. The built-ins look at the value they get (a pandas
Series, a numpy array, a plain number or string) rather than at annotations, and
import nothing heavy: pandas objects are recognised by what they can do.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

IMPORTANCES = ("warn", "fail")


@dataclass(frozen=True, slots=True)
class ValidationResult:
    """What one validator found: whether it passed, why, and numbers to look at."""

    passes: bool
    message: str
    diagnostics: Mapping[str, Any] = field(default_factory=dict)


class DataValidator:
    """Base for user validators given to ``check_output_custom``."""

    def __init__(self, importance: str = "warn") -> None:
        self.importance = importance

    @classmethod
    def name(cls) -> str:
        return cls.__name__

    def description(self) -> str:
        return self.name()

    def validate(self, data: Any) -> ValidationResult:
        raise NotImplementedError


def _is_series(data: Any) -> bool:
    return hasattr(data, "isna") and hasattr(data, "between")


def _is_array(data: Any) -> bool:
    return type(data).__module__ == "numpy" and hasattr(data, "dtype") and hasattr(data, "shape")


def _is_frame(data: Any) -> bool:
    return hasattr(data, "columns") and hasattr(data, "isna") and not _is_series(data)


def _count_outside(inside: Any) -> int:
    return int((~inside).sum())


def check_range(data: Any, bounds: tuple[Any, Any]) -> ValidationResult:
    low, high = bounds
    if _is_series(data):
        outside = _count_outside(data.between(low, high, inclusive="both"))
        message = f"{outside} of {len(data)} values fall outside [{low}, {high}]"
        return ValidationResult(outside == 0, message, {"range": bounds, "out_range": outside})
    if _is_array(data) or _is_frame(data):
        try:
            flags = (data < low) | (data > high)
        except TypeError as error:
            return ValidationResult(False, f"values cannot be compared with the range: {error}")
        outside = int(flags.to_numpy().sum() if _is_frame(data) else flags.sum())
        message = f"{outside} of {data.size} values fall outside [{low}, {high}]"
        return ValidationResult(outside == 0, message, {"range": bounds, "out_range": outside})
    try:
        passes = bool(low <= data <= high)
    except (TypeError, ValueError):
        passes = False
    verb = "falls" if passes else "does not fall"
    return ValidationResult(passes, f"{data!r} {verb} within [{low}, {high}]", {"value": data})


def check_values_in(data: Any, allowed: Any) -> ValidationResult:
    allowed = list(allowed)
    if _is_series(data):
        bad = data[~(data.isin(allowed) | data.isna())]
        message = f"{len(bad)} of {len(data)} values are not among {allowed}"
        return ValidationResult(len(bad) == 0, message, {"incorrect_values": bad.tolist()[:10]})
    passes = data in allowed
    verb = "is" if passes else "is not"
    return ValidationResult(passes, f"{data!r} {verb} among {allowed}", {"value": data})


def check_data_type(data: Any, expected: Any) -> ValidationResult:
    dtype = getattr(data, "dtype", None)
    if dtype is not None and (_is_series(data) or _is_array(data)):
        import numpy

        try:
            passes = bool(numpy.issubdtype(dtype, expected))
        except TypeError:  # a pandas extension dtype (string, Int64): its scalar type decides
            scalar = getattr(dtype, "type", None)
            passes = isinstance(scalar, type) and _subclass(scalar, expected)
        return ValidationResult(
            passes, f"dtype {dtype}, expected {expected}", {"dtype": str(dtype)}
        )
    passes = isinstance(data, expected)
    message = f"type {type(data).__name__}, expected {getattr(expected, '__name__', expected)}"
    return ValidationResult(passes, message, {"type": type(data).__name__})


def _subclass(scalar: type, expected: Any) -> bool:
    try:
        return issubclass(scalar, expected)
    except TypeError:  # ``expected`` is no class (a dtype string): nothing to compare by
        return False


def check_allow_none(data: Any, allowed: bool) -> ValidationResult:
    passes = allowed or data is not None
    return ValidationResult(passes, "value is None" if data is None else "value is not None")


def _nan_fraction(data: Any) -> float:
    if hasattr(data, "isna"):
        flags = data.isna()
        total = flags.size
        return float(flags.to_numpy().sum()) / total if total else 0.0
    if _is_array(data):
        import numpy

        return float(numpy.isnan(data).mean()) if data.size else 0.0
    return 1.0 if data is None or (isinstance(data, float) and math.isnan(data)) else 0.0


def check_max_fraction_nans(data: Any, limit: float) -> ValidationResult:
    fraction = _nan_fraction(data)
    message = f"{fraction:.2%} of the values are NaN; at most {limit:.2%} allowed"
    return ValidationResult(fraction <= limit, message, {"fraction_na": fraction})


def check_allow_nans(data: Any, allowed: bool) -> ValidationResult:
    """``allow_nans=False``: no NaN at all (``True`` is refused when the check is declared)."""
    return check_max_fraction_nans(data, 1.0 if allowed else 0.0)


def check_mean_in_range(data: Any, bounds: tuple[Any, Any]) -> ValidationResult:
    mean = float(data.mean())
    passes = bounds[0] <= mean <= bounds[1]
    return ValidationResult(passes, f"mean {mean} vs range {bounds}", {"mean": mean})


def check_max_standard_dev(data: Any, limit: float) -> ValidationResult:
    deviation = float(data.std())
    return ValidationResult(
        deviation <= limit, f"std {deviation} vs max {limit}", {"std": deviation}
    )


def check_contains(data: Any, parts: Any) -> ValidationResult:
    wanted = [parts] if isinstance(parts, str) else list(parts)
    missing = [part for part in wanted if part not in data]
    return ValidationResult(not missing, f"missing {missing}" if missing else "all present")


def check_does_not_contain(data: Any, parts: Any) -> ValidationResult:
    banned = [parts] if isinstance(parts, str) else list(parts)
    found = [part for part in banned if part in data]
    return ValidationResult(not found, f"contains {found}" if found else "none present")


def check_schema(data: Any, schema: Any) -> ValidationResult:
    """Validate with a pandera schema; every failure is collected (lazy validation)."""
    import pandera.errors

    try:
        schema.validate(data, lazy=True)
    except (pandera.errors.SchemaErrors, pandera.errors.SchemaError) as error:
        found = getattr(error, "schema_errors", None) or [error]
        first = str(found[0]).splitlines()[0]
        message = f"{len(found)} schema failure(s), the first: {first}"
        return ValidationResult(False, message, {"failures": len(found)})
    return ValidationResult(True, "the value matches the schema")


def check_model(data: Any, model: Any) -> ValidationResult:
    """Validate with a pydantic model in strict mode: the value is passed on as it is,
    so a value pydantic would only accept by coercing it fails (as in Hamilton)."""
    import pydantic

    try:
        pydantic.TypeAdapter(model).validate_python(data, strict=True)
    except pydantic.ValidationError as error:
        found = error.errors()
        where = ".".join(str(part) for part in found[0]["loc"]) or "the value"
        message = (
            f"{len(found)} error(s) against {model.__name__}, the first at {where}: "
            f"{found[0]['msg']}"
        )
        return ValidationResult(False, message, {"errors": len(found)})
    return ValidationResult(True, f"the value matches {model.__name__}")


# keyword of check_output -> the function that checks a value against its argument
BUILT_INS: Mapping[str, Callable[[Any, Any], ValidationResult]] = {
    "range": check_range,
    "values_in": check_values_in,
    "data_type": check_data_type,
    "allow_none": check_allow_none,
    "max_fraction_nans": check_max_fraction_nans,
    "allow_nans": check_allow_nans,
    "mean_in_range": check_mean_in_range,
    "max_standard_dev": check_max_standard_dev,
    "contains": check_contains,
    "does_not_contain": check_does_not_contain,
    "schema": check_schema,
    "model": check_model,
}
# Hamilton's node names for the checks whose name is not ``<keyword>_validator``
_NAMES = {"schema": "pandera_schema_validator", "model": "pydantic_validator"}


def _kinds(declared: type) -> set[str]:
    """What a declared class is, in the words the table below uses."""
    import numbers

    kinds = (
        {declared.__name__} if declared.__name__ in ("Series", "DataFrame", "ndarray") else set()
    )
    if issubclass(declared, numbers.Real):
        kinds.add("number")
    if issubclass(declared, str):
        kinds.add("str")
    if issubclass(declared, dict):
        kinds.add("dict")
    if is_pydantic_model(declared):
        kinds.add("model")
    return kinds


def is_pydantic_model(declared: Any) -> bool:
    """Whether ``declared`` is a pydantic model class (pydantic is not imported to tell)."""
    return isinstance(declared, type) and any(
        base.__name__ == "BaseModel" and base.__module__.startswith("pydantic")
        for base in declared.__mro__
    )


_ARRAYS = {"Series", "DataFrame", "ndarray"}
# keyword -> the kinds of declared return type it can check (Hamilton's table, plus
# numpy arrays and DataFrames where the check reads them the same way)
FITS: Mapping[str, set[str]] = {
    "range": {"number", *_ARRAYS},
    "values_in": {"number", "str", "Series"},
    "data_type": {"number", "str", "Series", "ndarray"},
    "max_fraction_nans": _ARRAYS,
    "allow_nans": _ARRAYS,
    "mean_in_range": _ARRAYS,
    "max_standard_dev": _ARRAYS,
    "contains": {"str"},
    "does_not_contain": {"str"},
    "schema": {"Series", "DataFrame"},
    "model": {"model", "dict"},
}


def fits(keyword: str, declared: Any) -> bool:
    """Whether a check can apply to values declared ``declared`` (unknown types pass)."""
    kinds = FITS.get(keyword)
    if kinds is None or not isinstance(declared, type) or declared is object:
        return True
    return bool(kinds & _kinds(declared))


@dataclass(frozen=True, slots=True)
class BuiltIn:
    """A ``check_output`` keyword as a validator: ``range=(0, 1)`` -> ``range_validator``."""

    keyword: str
    argument: Any
    importance: str

    def name(self) -> str:
        return _NAMES.get(self.keyword, f"{self.keyword}_validator")

    def description(self) -> str:
        return f"{self.keyword}={self.argument!r}"

    def validate(self, data: Any) -> ValidationResult:
        """The check on the value; a lazy dask collection is computed first, as in Hamilton."""
        if hasattr(data, "dask") and hasattr(data, "compute"):
            data = data.compute()
        return BUILT_INS[self.keyword](data, self.argument)
