"""The built-in checks on Series, arrays and plain values."""

import numpy as np
import pandas as pd
import pytest
from pydantic import BaseModel

from dagrun.modifiers.validators import BUILT_INS, BuiltIn


class Pair(BaseModel):
    a: int
    b: str


CASES = [
    ("range", (0, 10), 5, True),
    ("range", (0, 10), 11, False),
    ("range", (0, 10), "text", False),
    ("range", (0.0, 1.0), pd.Series([0.0, 0.5, 1.0]), True),
    ("range", (0.0, 1.0), pd.Series([0.5, 1.5]), False),
    ("range", (0, 3), np.array([1, 2, 3]), True),
    ("range", (0, 3), np.array([1, 4]), False),
    ("range", (0, 3), pd.DataFrame({"a": [1, 2], "b": [0, 3]}), True),
    ("range", (0, 3), pd.DataFrame({"a": [1, 2], "b": [0, 9]}), False),
    ("range", (0, 3), pd.DataFrame({"a": ["x"]}), False),
    ("values_in", ["a", "b"], "a", True),
    ("values_in", ["a", "b"], "c", False),
    ("values_in", ["a", "b"], pd.Series(["a", None, "b"]), True),
    ("values_in", ["a", "b"], pd.Series(["a", "z"]), False),
    ("data_type", np.float64, pd.Series([1.0]), True),
    ("data_type", np.float64, pd.Series([1]), False),
    ("data_type", int, 3, True),
    ("data_type", int, "3", False),
    ("allow_none", False, None, False),
    ("allow_none", False, 0, True),
    ("allow_none", True, None, True),
    ("max_fraction_nans", 0.5, pd.Series([1.0, np.nan]), True),
    ("max_fraction_nans", 0.2, pd.Series([1.0, np.nan]), False),
    ("max_fraction_nans", 0.0, float("nan"), False),
    ("allow_nans", False, pd.Series([np.nan]), False),
    ("mean_in_range", (1, 3), pd.Series([1, 3]), True),
    ("max_standard_dev", 0.1, pd.Series([1.0, 5.0]), False),
    ("contains", ["a", "b"], "abc", True),
    ("contains", "z", "abc", False),
    ("does_not_contain", "z", "abc", True),
    ("does_not_contain", ["b"], "abc", False),
    ("model", Pair, {"a": 1, "b": "x"}, True),
    ("model", Pair, Pair(a=1, b="x"), True),
    ("model", Pair, {"a": "1", "b": "x"}, False),  # strict: no coercion
    ("model", Pair, {"a": 1}, False),
]


@pytest.mark.parametrize(("keyword", "argument", "data", "passes"), CASES)
def test_built_in_checks_pass_and_fail_as_documented(keyword, argument, data, passes):
    """Each built-in gives the expected verdict and a message."""
    result = BuiltIn(keyword, argument, "warn").validate(data)
    assert result.passes is passes
    assert result.message


def test_every_built_in_is_exercised():
    """The table above covers each keyword check_output accepts."""
    assert {keyword for keyword, *_ in CASES} | {"schema"} == set(BUILT_INS)


def test_built_in_names_follow_hamilton():
    """range=... is the check named range_validator."""
    assert BuiltIn("range", (0, 1), "fail").name() == "range_validator"
    assert BuiltIn("model", Pair, "fail").name() == "pydantic_validator"
    assert BuiltIn("schema", None, "fail").name() == "pandera_schema_validator"


@pytest.mark.parametrize(
    ("keyword", "declared", "expected"),
    [
        ("range", int, True),
        ("range", str, False),
        ("range", pd.Series, True),
        ("values_in", str, True),
        ("max_fraction_nans", float, False),
        ("contains", str, True),
        ("contains", int, False),
        ("schema", pd.DataFrame, True),
        ("allow_none", str, True),
        ("range", "UnresolvedName", True),
    ],
)
def test_fits_follows_the_declared_return_type(keyword, declared, expected):
    """Checks apply to the kinds of value they can read; unknown types are let through."""
    from dagrun.modifiers.validators import fits

    assert fits(keyword, declared) is expected
