"""The output-folder lock: one run at a time writes outputs and ``run.json`` into a folder.

Two runs that write the same folder would otherwise interleave their files, so
``run.json`` could describe files another run replaced. The lock is an
advisory ``flock`` on the folder itself, so it leaves no file behind, and the
kernel drops it when its holder dies, even by SIGKILL. A run that finds the
folder locked says so once and waits; past the timeout it gives up with
``ResourceError``.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from dagrun.errors import ResourceError

TIMEOUT_ENV = "DAGRUN_LOCK_TIMEOUT"
DEFAULT_TIMEOUT_S = 600.0


@contextmanager
def folder_lock(
    folder: Path,
    timeout_s: float | None = None,
    on_wait: Callable[[str], None] | None = None,
) -> Iterator[None]:
    """Hold the lock on ``folder`` (created if missing) inside the block.

    Args:
        folder: the output folder.
        timeout_s: how long to wait for another run; default ``$DAGRUN_LOCK_TIMEOUT``
            or 600 s.
        on_wait: told once, in a sentence, that the run is waiting.

    Raises:
        ResourceError: the folder cannot be created or opened, or stays locked.
    """
    try:
        folder.mkdir(parents=True, exist_ok=True)
        fd = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    except OSError as error:
        raise ResourceError(
            f"cannot use output folder {folder}: {error.strerror or error}",
            hint="check that the folder's file system is writable and has space, "
            "or choose another with -o",
        ) from error
    try:
        if not _try_lock(fd):
            _wait(fd, folder, _timeout(timeout_s), on_wait)
        yield
    finally:
        os.close(fd)  # closing the descriptor releases the lock


def check_writable(folder: Path) -> None:
    """Fail before anything runs when ``folder`` (or the folder it would be made in) is read-only.

    Raises:
        ResourceError: the file system is mounted read-only, or the user may not write there.
    """
    existing = folder
    while not existing.exists() and existing != existing.parent:
        existing = existing.parent
    if os.statvfs(existing).f_flag & os.ST_RDONLY:
        why = "is on a read-only file system"
    elif not os.access(existing, os.W_OK):
        why = "is not writable (permission denied)"
    else:
        return
    place = folder if existing == folder else f"{existing} (where {folder} would be made)"
    raise ResourceError(
        f"output folder {place} {why}",
        hint="choose a writable folder with -o or out_dir in the run file",
    )


def _wait(fd: int, folder: Path, timeout_s: float, on_wait: Callable[[str], None] | None) -> None:
    if on_wait is not None:
        on_wait(f"waiting: another dagrun run is writing to {folder}")
    deadline = time.monotonic() + timeout_s
    while not _try_lock(fd):
        if time.monotonic() >= deadline:
            raise ResourceError(
                f"output folder {folder} is locked by another dagrun run (waited {timeout_s:g}s)",
                hint=f"wait for that run to finish, choose another folder with -o, "
                f"or wait longer with {TIMEOUT_ENV}=SECONDS",
            )
        time.sleep(0.05)


def _try_lock(fd: int) -> bool:
    try:
        import fcntl
    except ImportError:  # no flock on this platform: runs are not serialised
        return True
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    return True


def _timeout(timeout_s: float | None) -> float:
    if timeout_s is not None:
        return timeout_s
    try:
        return float(os.environ.get(TIMEOUT_ENV, DEFAULT_TIMEOUT_S))
    except ValueError:
        return DEFAULT_TIMEOUT_S
