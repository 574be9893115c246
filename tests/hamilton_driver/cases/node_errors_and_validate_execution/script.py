"""A node's own exception reaches the caller as it is (catchable by its class);
validate_execution raises what execute would before running anything."""

import logging

import flow
from hamilton import driver
from show import emit, error, raised

logging.disable(logging.CRITICAL)
dr = driver.Builder().with_modules(flow).build()


def caught_as_own_class():
    try:
        dr.execute(["broken"], inputs={"x": 1})
    except flow.Broken as exc:
        return str(exc)
    return "not caught"


def validation(**kwargs):
    try:
        return {"returned": dr.validate_execution(**kwargs)}
    except Exception as exc:
        return {"error": error(exc), "names_x": "x" in str(exc)}


emit(
    zero_division=raised(lambda: dr.execute(["divide"], inputs={"x": 1, "d": 0})),
    own_class=raised(lambda: dr.execute(["a", "broken"], inputs={"x": 2})),
    caught=caught_as_own_class(),
    still_works=dr.execute(["divide"], inputs={"x": 1, "d": 4}),
    valid=validation(final_vars=["divide"], inputs={"x": 1, "d": 2}),
    valid_with_override=validation(final_vars=["divide"], inputs={"d": 2}, overrides={"a": 3}),
    missing=validation(final_vars=["divide"], inputs={"d": 2}),
    ill_typed=validation(final_vars=["a"], inputs={"x": "one"}),
)
