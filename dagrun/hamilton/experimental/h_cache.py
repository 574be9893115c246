"""Hamilton's ``CachingGraphAdapter``: dagrun's own cache, kept in ``cache_path``.

Hamilton's adapter stores only the nodes tagged ``cache=<format>`` and reads a
stored file back whatever changed since; dagrun's cache stores every node it
can and reuses a result only while the node's code and inputs are unchanged.
The values a run returns are the same; a stale file is never returned.
"""

from __future__ import annotations

from typing import Any

from dagrun.hamilton._support import Engine, not_supported
from dagrun.hamilton.base import SimplePythonGraphAdapter

__all__ = ["CachingGraphAdapter"]


class CachingGraphAdapter(SimplePythonGraphAdapter):
    """Turns on dagrun's cache under ``cache_path``; builds results with ``result_builder``."""

    def __init__(
        self,
        cache_path: str,
        result_builder: Any = None,
        force_compute: Any = None,
        writers: Any = None,
        readers: Any = None,
    ) -> None:
        given = {"force_compute": force_compute, "writers": writers, "readers": readers}
        refused = sorted(name for name, value in given.items() if value)
        if refused:
            raise not_supported(
                f"CachingGraphAdapter({', '.join(refused)}=...)",
                "put @cache(behavior='recompute') on a function to always compute it; "
                "dagrun stores results in its own formats",
            )
        super().__init__(result_builder)
        self.cache_path = cache_path

    def dagrun_engine(self) -> Engine:
        return Engine(cache_dir=str(self.cache_path))
