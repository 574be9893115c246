"""allow_module_overrides: a later module's functions replace the earlier ones of the same
name; without it the clash is refused."""

import logging

import base_flow
import patch_flow
from hamilton import driver
from show import emit

logging.disable(logging.CRITICAL)

try:
    driver.Builder().with_modules(base_flow, patch_flow).build()
    clash = "built"
except Exception:
    clash = "refused"
patched = driver.Builder().with_modules(base_flow, patch_flow).allow_module_overrides().build()
reversed_order = (
    driver.Builder().with_modules(patch_flow, base_flow).allow_module_overrides().build()
)
legacy = driver.Driver({}, base_flow, patch_flow, adapter=[], allow_module_overrides=True)
emit(
    clash=clash,
    patched=patched.execute(["a", "b", "c"], inputs={"x": 1}),
    reversed=reversed_order.execute(["a", "b", "c"], inputs={"x": 1}),
    legacy=legacy.execute(["c"], inputs={"x": 1}),
    names=sorted(v.name for v in patched.list_available_variables()),
    base_module_untouched=base_flow.a(1),
)
