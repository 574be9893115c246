"""Hamilton's ``hamilton.plugins`` that dagrun can stand in for."""

from dagrun.hamilton._support import refusing

_NO_PLUGIN = "dagrun has no stand-in for this plugin"

__getattr__ = refusing(
    __name__,
    {
        "h_ray": _NO_PLUGIN + "; run on dagrun's processes or dask executor",
        "h_spark": _NO_PLUGIN + "; run Spark inside the functions",
        "h_async": _NO_PLUGIN + "; use the threads executor for I/O-bound flows",
        "h_tqdm": _NO_PLUGIN + "; `dagrun execute` shows progress, or write a NodeExecutionHook",
        "h_rich": _NO_PLUGIN + "; `dagrun execute` shows progress, or write a NodeExecutionHook",
        "h_ddog": _NO_PLUGIN + "; write a NodeExecutionHook that reports to Datadog",
        "h_opentelemetry": _NO_PLUGIN + "; write a NodeExecutionHook that opens spans",
        "h_pandas": _NO_PLUGIN + "; use base.PandasDataFrameResult",
    },
)
