"""Writing results to files: a format per output, every write atomic.

``write_output`` picks the format (explicit, else the file's extension, else the
value's type), writes to a temporary file in the destination folder and renames
it into place, so a failed or killed run never leaves a half-written file.
"""

from __future__ import annotations

from dagrun.io.atomic import atomic_write
from dagrun.io.formats import FORMATS, WrittenFile, default_path, resolve_format, write_output

__all__ = [
    "FORMATS",
    "WrittenFile",
    "atomic_write",
    "default_path",
    "resolve_format",
    "write_output",
]
