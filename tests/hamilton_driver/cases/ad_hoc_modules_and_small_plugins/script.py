"""ad_hoc_utils modules, the CachingGraphAdapter, narwhals results, settings and log_setup."""

import logging
import tempfile

import flow
from hamilton import ad_hoc_utils, base, driver, log_setup, settings
from hamilton.experimental import h_cache
from hamilton.plugins import h_narwhals
from show import emit, error, plain


def double(x: int) -> int:
    return x * 2


def plus_one(double: int) -> int:
    return double + 1


def _helper(x: int) -> int:
    return x


def refused(call):
    try:
        call()
    except Exception as exc:
        return error(exc)
    return None


log_setup.setup_logging(logging.WARNING)
root = logging.getLogger()
logging_set = {"handlers": len(root.handlers), "level": root.level}
logging.disable(logging.CRITICAL)

made = ad_hoc_utils.create_temporary_module(double, plus_one, module_name="made_here")
ad_hoc = driver.Builder().with_modules(made).build().execute(["plus_one"], inputs={"x": 4})
kept_module = double.__module__
by_source = ad_hoc_utils.module_from_source(
    "def tripled(x: int) -> int:\n    return x * 3\n", module_name="from_source"
)
sourced = driver.Builder().with_modules(by_source).build().execute(["tripled"], inputs={"x": 2})

with tempfile.TemporaryDirectory() as cache_path:
    runs = [
        driver.Driver(
            {}, flow, adapter=h_cache.CachingGraphAdapter(cache_path, base.DictResult())
        ).execute(["total", "label"], inputs={"n": 4})
        for _ in range(2)
    ]

narwhals = (
    driver.Builder()
    .with_modules(flow)
    .with_adapters(h_narwhals.NarwhalsDataFrameResultBuilder(base.DictResult()))
    .build()
    .execute(["frame", "total"], inputs={"n": 3})
)

emit(
    logging_set=logging_set,
    ad_hoc=ad_hoc,
    kept_module=kept_module == __name__,
    sourced=sourced,
    taken_name=refused(
        lambda: ad_hoc_utils.create_temporary_module(double, module_name="made_here")
    ),
    duplicate=refused(lambda: ad_hoc_utils.create_temporary_module(double, double)),
    underscore=refused(lambda: ad_hoc_utils.create_temporary_module(_helper)),
    cached_runs=runs,
    narwhals_frame=plain(narwhals["frame"]),
    narwhals_total=narwhals["total"],
    power_user_mode=settings.ENABLE_POWER_USER_MODE,
)
