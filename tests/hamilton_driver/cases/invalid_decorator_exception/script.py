"""``except InvalidDecoratorException`` around decorating and building catches a misused
decorator. Hamilton raises it from the decorator itself (at import) for most misuses and
from the build for a missing config key; dagrun raises all of them from the build, so
only code that wraps both, as here, sees the same thing."""

import logging
import sys
import types

from hamilton import driver
from hamilton.function_modifiers import InvalidDecoratorException
from show import emit

logging.disable(logging.CRITICAL)

HEAD = """
import pandas as pd
from hamilton.function_modifiers import does, extract_fields, model, parameterize, value


def _sum(**values: int) -> int:
    return sum(values.values())


class Constant:
    def __init__(self, config_parameters, name):
        self.config_parameters = config_parameters

    def get_dependents(self):
        return []

    def compute(self):
        return pd.Series([self.config_parameters])
"""
MISUSES = {
    "does_with_body": "@does(_sum)\ndef f(a: int) -> int:\n    return a\n",
    "model_without_config": "@model(Constant, 'missing_key')\ndef f() -> pd.Series:\n    pass\n",
    "parameterize_unknown": "@parameterize(out=dict(nope=value(1)))\ndef f(x: int) -> int:\n"
    "    return x\n",
    "extract_fields_of_an_int": "@extract_fields({'a': int})\ndef f() -> int:\n    return 1\n",
    "model_with_parameters": "@model(Constant, 'k')\ndef f(x: pd.Series) -> pd.Series:\n    pass\n",
}
caught = {}
for name, source in MISUSES.items():
    module = sys.modules[f"misuse_{name}"] = types.ModuleType(f"misuse_{name}")
    try:
        exec(HEAD + source, module.__dict__)
        driver.Builder().with_modules(module).with_config({"k": 1}).build()
        caught[name] = "built"
    except InvalidDecoratorException as error:
        caught[name] = ["InvalidDecoratorException", isinstance(error, Exception)]
    except Exception as error:  # what is raised instead, by its type
        caught[name] = ["other", type(error).__name__]
emit(caught=caught)
