"""What dagrun sets up on each Dask worker (imported only where ``distributed`` is)."""

from __future__ import annotations

import contextlib
import importlib
from typing import Any

from distributed.diagnostics.plugin import WorkerPlugin

COLLECTIONS = ("dask.dataframe", "dask.array")


class ImportCollections(WorkerPlugin):
    """Imports dask's DataFrame and array packages as each worker starts.

    They import themselves circularly: when a task's thread first unpickles a
    dask DataFrame while the worker's connection thread decodes a message that
    holds one, one of the two imports finds the package half made and fails,
    and the worker drops off the cluster. Imported up front, neither imports it.
    """

    def setup(self, worker: Any) -> None:
        for name in COLLECTIONS:
            with contextlib.suppress(ImportError):  # not installed: nothing to race
                importlib.import_module(name)
