"""Hamilton's ``hamilton.htypes``: the parallel-block types, which are dagrun's."""

from dagrun.hamilton._support import refusing
from dagrun.parallel import Collect, Parallelizable

__all__ = ["Collect", "Parallelizable"]

__getattr__ = refusing(
    __name__,
    {"column": "annotate with pd.Series and check the dtype with @check_output(data_type=...)"},
)
