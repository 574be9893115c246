"""Hamilton's ``hamilton.io.materialization``: ``to`` and ``from_`` for ``Driver.materialize``.

``to.json(id=..., dependencies=[...], path=..., combine=...)`` saves outputs;
``from_.csv(target=..., path=...)`` loads a node instead of computing it. The
formats are dagrun's registry's (``dagrun.io.REGISTRY``).
"""

from dagrun.io.materialize import Extractor as ExtractorFactory
from dagrun.io.materialize import Materializer as MaterializerFactory
from dagrun.io.materialize import from_, to

__all__ = ["ExtractorFactory", "MaterializerFactory", "from_", "to"]
