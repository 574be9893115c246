"""The content-addressed cache: reuse what did not change, recompute what did, say why.

``fingerprint`` hashes values, ``code`` hashes functions, ``store`` keeps blobs
and an SQLite index under the state dir, ``decide`` makes a node's key and the
reason it runs, and ``session`` applies all of it to one plan.
"""

from dagrun.cache.decide import Decision
from dagrun.cache.session import CachedRun, prepare
from dagrun.cache.store import Store

__all__ = ["CachedRun", "Decision", "Store", "prepare"]
