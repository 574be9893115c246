"""Hamilton's ``hamilton.async_driver`` is not in dagrun: importing it says what to use."""

from dagrun.hamilton._support import DOC

raise ImportError(
    "hamilton.async_driver is not supported by dagrun: use driver.Builder() with "
    "plugins.h_threadpool.FutureAdapter() for I/O-bound flows, and call async code from "
    f"plain functions (see {DOC})"
)
