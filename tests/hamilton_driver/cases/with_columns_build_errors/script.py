"""with_columns used wrongly: whether building the driver (importing included, as
Hamilton checks some arguments when decorating) fails, per misuse. Only failing is
compared: Hamilton raises ValueError, TypeError or its own exceptions, dagrun a
GraphError naming the function's file:line."""

import logging
import sys
import textwrap
import types

from hamilton import driver
from show import emit

logging.disable(logging.CRITICAL)

HEADER = """
import pandas as pd
import columns
from hamilton.plugins.h_pandas import with_columns


def raw() -> pd.DataFrame:
    return pd.DataFrame({"a": [1, 2], "b": [3, 4]})
"""

DOUBLED = 'columns.doubled, columns_to_pass=["a"]'
MISUSES = {  # the arguments of @with_columns
    "fine": DOUBLED,
    "both_columns_and_on_input": DOUBLED + ', on_input="raw"',
    "neither_columns_nor_on_input": "columns.doubled",
    "unknown_select": DOUBLED + ', select=["tripled"]',
    "empty_select": DOUBLED + ", select=[]",
    "select_a_scalar": 'columns.a_mean, columns_to_pass=["a"], select=["a_mean"]',
    "function_named_like_a_column": 'columns.a, columns_to_pass=["a"]',
    "on_input_not_a_parameter": 'columns.a, on_input="frame", select=["a"]',
    "config_required_missing": DOUBLED + ', config_required=["mode"]',
    "config_required_present": DOUBLED + ', config_required=["other"]',
}


def builds(name, arguments):
    source = HEADER + textwrap.dedent(f"""
    @with_columns({arguments})
    def out(raw: pd.DataFrame) -> pd.DataFrame:
        return raw
    """)
    try:
        module = sys.modules[name] = types.ModuleType(name)  # Hamilton finds functions by module
        exec(compile(source, f"{name}.py", "exec"), module.__dict__)
        dr = driver.Builder().with_modules(module).with_config({"other": 1}).build()
        return sorted(dr.execute(["out"])["out"].columns)
    except Exception:
        return "fails"


emit(**{name: builds(name, arguments) for name, arguments in MISUSES.items()})
