"""Outputs given as names, as the functions that make them, or as variables; execute's
positional and keyword forms; and what a bad output raises."""

import logging

import flow
import other
from hamilton import driver
from show import emit, error, raised

logging.disable(logging.CRITICAL)

dr = driver.Builder().with_modules(flow).build()
by_name = {v.name: v for v in dr.list_available_variables()}


def mentions(call, *words):
    try:
        call()
    except Exception as exc:
        return {"error": error(exc), "mentions": [w for w in words if w in str(exc)]}
    return {"error": None}


emit(
    functions=dr.execute([flow.a, flow.b], inputs={"x": 1}),
    mixed=dr.execute([flow.a, "b"], inputs={"x": 1}),
    variables=dr.execute([by_name["b"], by_name["a"]], inputs={"x": 1}),
    positional_overrides=dr.execute(["b"], {"a": 5}),
    positional_all=dr.execute(["b"], {"a": 5}, False, {"y": 3}),
    keywords=dr.execute(final_vars=["a", "b"], inputs={"x": 2}, overrides={"a": 10}),
    input_and_default=dr.execute(["b"], inputs={"x": 1, "y": 5}),
    same_output_twice=dr.execute(["a", "a"], inputs={"x": 1}),
    number=mentions(lambda: dr.execute([3], inputs={"x": 1}), "3"),
    none=mentions(lambda: dr.execute([None], inputs={"x": 1}), "None"),
    foreign_function=mentions(lambda: dr.execute([other.a], inputs={"x": 1}), "other.a"),
    unknown_name=mentions(lambda: dr.execute(["zz"], inputs={"x": 1}), "zz"),
    missing_input=mentions(lambda: dr.execute(["a"]), "x"),
    ill_typed_input=mentions(lambda: dr.execute(["a"], inputs={"x": "no"}), "x"),
    not_a_list=raised(lambda: dr.execute(None, inputs={"x": 1})) is not None,
)
