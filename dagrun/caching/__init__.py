"""The content-addressed cache: reuse what did not change, recompute what did, say why.

``fingerprint`` hashes values, ``code`` hashes functions, ``store`` keeps blobs
and an SQLite index under the state dir, ``decide`` makes a node's key and the
reason it runs, ``session`` applies all of it to one plan and ``call`` is the
wrapper each step that runs calls through.

The package is ``caching``, not ``cache``: importing a subpackage sets it as an
attribute of its parent, and ``dagrun.cache`` is the public ``@cache`` decorator.
"""

from dagrun.caching.decide import Decision
from dagrun.caching.session import CachedRun, prepare
from dagrun.caching.store import Store

__all__ = ["CachedRun", "Decision", "Store", "prepare"]
