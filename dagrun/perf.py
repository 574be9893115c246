"""Keeping the garbage collector out of bulk building.

Building a graph or a plan allocates hundreds of thousands of small objects and
no cycles; each allocation burst triggers collections that walk every live
object, which makes building large flows quadratic. Pausing the collector for
the duration keeps it linear.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def gc_paused() -> Iterator[None]:
    """Disable the cyclic garbage collector inside the block (re-entrant)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
