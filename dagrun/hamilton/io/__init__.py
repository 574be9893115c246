"""Hamilton's ``hamilton.io`` (materializers, loaders and savers) is not in dagrun yet.

Importing it says so, and what to use meanwhile.
"""

from dagrun.hamilton._support import DOC

raise ImportError(
    "hamilton.io (materializers, data loaders and savers) is not supported by dagrun yet "
    "(issue: loaders and savers); read and write files in a function, or name output "
    f"files in a run file's `outputs:` (see {DOC})"
)
