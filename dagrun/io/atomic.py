"""Atomic file writes: a temporary file, flushed, then ``os.replace`` onto the real name.

The temporary file is written in a staging folder when one is given and it is on
the same file system as the destination (a rename across file systems is not
atomic), else beside the destination. A run killed with SIGKILL cannot clean up,
so temporary names carry the writer's pid and ``sweep`` removes those whose
writer is gone; with a staging folder the output folder never holds one at all.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO


def atomic_write(
    path: Path, write: Callable[[BinaryIO], None], staging: Path | None = None
) -> tuple[int, str]:
    """Write ``path`` through ``write(file)`` so readers see the old file or the whole new one.

    The temporary file is flushed to disk before the rename and removed on any
    failure, Ctrl-C included.

    Args:
        path: the destination.
        write: writes the content to the open binary file it is given.
        staging: a folder for the temporary file, used when it shares a file
            system with ``path``.

    Returns:
        The size in bytes and the sha256 hex digest of what was written.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    folder = staging if staging is not None and _same_device(staging, path.parent) else path.parent
    prefix = f".{path.name[:64]}.{os.getpid()}."
    fd, temp_name = tempfile.mkstemp(dir=folder, prefix=prefix, suffix=_SUFFIX)
    temp = Path(temp_name)
    try:
        with os.fdopen(fd, "wb") as handle:
            write(handle)
            handle.flush()
            os.fsync(handle.fileno())
        size, digest = measure(temp)
        os.chmod(temp, 0o666 & ~_umask())
        os.replace(temp, path)
    except BaseException:
        temp.unlink(missing_ok=True)
        raise
    return size, digest


def sweep(folder: Path) -> int:
    """Remove temporary files in ``folder`` whose writing process no longer exists.

    Returns:
        How many were removed.
    """
    removed = 0
    for temp in folder.glob(f".*{_SUFFIX}") if folder.is_dir() else ():
        pid = temp.name[: -len(_SUFFIX)].rsplit(".", 2)[-2]
        if pid.isdigit() and not _alive(int(pid)):
            temp.unlink(missing_ok=True)
            removed += 1
    return removed


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # someone else's process
        return True
    return True


def _same_device(staging: Path, folder: Path) -> bool:
    try:
        return staging.stat().st_dev == folder.stat().st_dev
    except OSError:
        return False


_SUFFIX = ".part"


def measure(path: Path) -> tuple[int, str]:
    """The file's size in bytes and sha256 hex digest."""
    digest = hashlib.sha256()
    size = 0
    with path.open("rb") as handle:
        while chunk := handle.read(1 << 20):
            digest.update(chunk)
            size += len(chunk)
    return size, digest.hexdigest()


def _umask() -> int:
    # os.umask can only be read by setting it; do so once, at first use.
    global _UMASK
    if _UMASK is None:
        _UMASK = os.umask(0o022)
        os.umask(_UMASK)
    return _UMASK


_UMASK: int | None = None
