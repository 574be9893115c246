"""Hamilton's ``hamilton.lifecycle``: the adapter classes scripts subclass or pass in."""

from dagrun.hamilton._support import refusing
from dagrun.hamilton.lifecycle import api, default
from dagrun.hamilton.lifecycle.api import (
    GraphAdapter,
    GraphConstructionHook,
    GraphExecutionHook,
    LegacyResultMixin,
    NodeExecutionHook,
    NodeExecutionMethod,
    ResultBuilder,
    StaticValidator,
)
from dagrun.hamilton.lifecycle.base import LifecycleAdapter
from dagrun.hamilton.lifecycle.default import (
    FunctionInputOutputTypeChecker,
    GracefulErrorAdapter,
    PrintLn,
    accept_error_sentinels,
)

PrintLnHook = PrintLn  # Hamilton's older name

__all__ = [
    "FunctionInputOutputTypeChecker",
    "GracefulErrorAdapter",
    "GraphAdapter",
    "GraphConstructionHook",
    "GraphExecutionHook",
    "LegacyResultMixin",
    "LifecycleAdapter",
    "NodeExecutionHook",
    "NodeExecutionMethod",
    "PrintLn",
    "PrintLnHook",
    "ResultBuilder",
    "StaticValidator",
    "accept_error_sentinels",
]


__getattr__ = refusing(__name__, {**api.UNSUPPORTED, **default.UNSUPPORTED})
