"""Hamilton's ``DiskCacheAdapter``: dagrun's own cache, kept in ``cache_path``.

dagrun reuses a node's stored result while its code, inputs and libraries are
unchanged; it caches every node it can, not only ``cache_vars``.
"""

from __future__ import annotations

from typing import Any

from dagrun.hamilton._support import Engine, not_supported, refusing
from dagrun.hamilton.lifecycle.base import LifecycleAdapter

__all__ = ["DiskCacheAdapter"]


class DiskCacheAdapter(LifecycleAdapter):
    """Turns on dagrun's cache for every run of the driver, stored under ``cache_path``."""

    def __init__(
        self, cache_vars: list[str] | None = None, cache_path: str = ".", **cache_settings: Any
    ) -> None:
        if cache_settings:
            raise not_supported(
                f"DiskCacheAdapter({', '.join(sorted(cache_settings))}=...)",
                "dagrun's cache takes only a folder; use `dagrun cache clear` to trim it",
            )
        self.cache_vars = list(cache_vars or [])
        self.cache_path = cache_path

    def dagrun_engine(self) -> Engine:
        return Engine(cache_dir=str(self.cache_path))


__getattr__ = refusing(
    __name__,
    {
        "evict_all_except_driver": "empty the cache with dagrun.caching.Store(cache_path)"
        ".clear(); it reuses a node only while its code and inputs are unchanged",
    },
)
