"""Where bytes live: a local path, or a URL served by whatever fsspec filesystem is installed.

Every read and write of user data goes through here, so ``s3://bucket/x.json``
is an object in a bucket and never a local folder named ``s3:``. fsspec (and the
protocol's own library, such as s3fs) is imported only when a URL is used.

Writes keep the atomic promise everywhere. Locally: a temporary file renamed into
place (``dagrun.io.atomic``). To an object store: the content is staged in a
local file, measured, and sent in one upload; S3, GCS and Azure make an object
visible only once its upload is complete (a multipart upload included), so a
reader sees the old object or the whole new one. Other filesystems get a
temporary name beside the destination and a move onto it.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, BinaryIO

from dagrun.errors import InputError
from dagrun.io.atomic import atomic_write, measure

Location = Path | str
"""A local path, or a URL string (``s3://bucket/key``); ``file://`` URLs are local paths."""

_URL = re.compile(r"^([A-Za-z][A-Za-z0-9+.\-]*)://")
# Filesystems whose single upload is all-or-nothing: no temporary key needed.
_WHOLE_UPLOADS = frozenset({"s3", "s3a", "gs", "gcs", "az", "abfs", "abfss", "adl", "memory"})


def protocol_of(location: Location) -> str | None:
    """The URL's protocol (``s3``), or None for a local path (``file://`` included)."""
    if isinstance(location, Path):
        return None
    match = _URL.match(location)
    if match is None or match.group(1).lower() in ("file", "local"):
        return None
    return match.group(1).lower()


def is_url(location: Location) -> bool:
    """True for a location some fsspec filesystem other than the local one serves."""
    return protocol_of(location) is not None


def as_location(text: Location, base: Path | None = None) -> Location:
    """``text`` as a location: a URL stays a string, a path becomes a ``Path`` under ``base``."""
    if isinstance(text, str):
        if is_url(text):
            return text
        match = _URL.match(text)
        if match is not None:  # file:///abs/path
            text = text[match.end() :]
            text = text if text.startswith("/") else f"/{text}"
    path = Path(text)
    return base / path if base is not None and not path.is_absolute() else path


def join(base: Location, relative: str | Path) -> Location:
    """``relative`` under ``base``, for a folder that may be a URL."""
    if isinstance(base, Path):
        return base / relative
    return f"{base.rstrip('/')}/{Path(relative).as_posix().lstrip('/')}"


def suffix_of(location: Location) -> str:
    """The file extension, lower case, of a path or a URL's key (``.parquet``)."""
    name = location.name if isinstance(location, Path) else location.rsplit("/", 1)[-1]
    return Path(name.split("?", 1)[0]).suffix.lower()


def check_protocol(location: Location, where: str | None = None) -> None:
    """Refuse, before anything runs, a URL whose filesystem library is not installed.

    Raises:
        InputError: an unknown protocol, or one whose package is missing (named).
    """
    protocol = protocol_of(location)
    if protocol is None:
        return
    import fsspec

    place = f"{where}: " if where else ""
    try:
        fsspec.get_filesystem_class(protocol)
    except ValueError:
        raise InputError(
            f"{place}'{location}' uses the protocol '{protocol}', which fsspec does not know",
            hint="check the spelling of the URL, or install the fsspec filesystem that serves it",
        ) from None
    except ImportError as error:
        package = _package_for(protocol, str(error))
        raise InputError(
            f"{place}'{location}' needs the '{package}' package, which is not installed",
            hint=f"pip install {package}",
        ) from None


WRITE_PROBE = ".dagrun-write-check"


def check_out_folder(url: str) -> None:
    """Refuse, before anything runs, a URL folder with no bucket or one that may not be written.

    Object stores only tell writability by trying, so dagrun writes an empty
    object named ``WRITE_PROBE`` and removes it. The name is fixed so that a
    store which allows writing but not deleting keeps one empty object, never
    one per run.

    Raises:
        InputError: the bucket is missing, the store cannot be reached, or it refused the write.
    """
    fs, path = _filesystem(url)
    root = path.strip("/").split("/", 1)[0]
    reach_hint = (
        "check the credentials and endpoint the filesystem uses (for S3: AWS_* "
        "environment variables or FSSPEC_S3_ENDPOINT_URL)"
    )
    if not _ask_store(url, "reach", reach_hint, fs.exists, root):
        raise InputError(
            f"'{url}': the bucket or folder '{root}' does not exist",
            hint="create it first, or check the URL's spelling",
        )
    probe = f"{path.rstrip('/')}/{WRITE_PROBE}"
    write_hint = (
        "give the credentials dagrun runs with permission to write there "
        "(for S3: s3:PutObject), or choose another out_dir"
    )
    _ask_store(url, "write to", write_hint, fs.pipe_file, probe, b"")
    with contextlib.suppress(OSError):  # another run removed it first, or no delete right
        fs.rm_file(probe)


def _ask_store(url: str, doing: str, hint: str, call: Callable[..., Any], *args: Any) -> Any:
    try:
        return call(*args)
    except Exception as error:  # a store's client has its own error kinds
        raise InputError(
            f"cannot {doing} '{url}': {type(error).__name__}: {error}", hint=hint
        ) from None


def _package_for(protocol: str, message: str) -> str:
    from fsspec.registry import known_implementations

    text = known_implementations.get(protocol, {}).get("err", "") + " " + message
    found = re.search(r"[Ii]nstall\s+([A-Za-z0-9_.\-\[\]]+)", text)
    if found:
        return found.group(1).rstrip(".")
    found = re.search(r"No module named '([^'.]+)", message)
    return found.group(1) if found else protocol


def _filesystem(url: str) -> tuple[Any, str]:
    from fsspec.core import url_to_fs

    check_protocol(url)
    return url_to_fs(url)


@contextmanager
def open_read(location: Location) -> Iterator[BinaryIO]:
    """The location's bytes as an open binary file."""
    if not is_url(location):
        with Path(location).open("rb") as handle:
            yield handle
        return
    fs, path = _filesystem(str(location))
    with fs.open(path, "rb") as handle:
        yield handle


def exists(location: Location) -> bool:
    if not is_url(location):
        return Path(location).exists()
    fs, path = _filesystem(str(location))
    return bool(fs.exists(path))


def remove(location: Location) -> None:
    """Delete the file or object, if it is there."""
    if not is_url(location):
        Path(location).unlink(missing_ok=True)
        return
    fs, path = _filesystem(str(location))
    if fs.exists(path):
        fs.rm_file(path)


def fingerprint(location: Location) -> str:
    """What identifies the content: its sha256 locally, the store's own key (ETag) remotely."""
    if not is_url(location):
        digest = hashlib.sha256()
        with Path(location).open("rb") as handle:
            while chunk := handle.read(1 << 20):
                digest.update(chunk)
        return digest.hexdigest()
    fs, path = _filesystem(str(location))
    return f"{fs.protocol if isinstance(fs.protocol, str) else fs.protocol[0]}:{fs.ukey(path)}"


def write(
    location: Location, fill: Callable[[BinaryIO], None], staging: Path | None = None
) -> tuple[int, str]:
    """Write ``location`` through ``fill(file)`` atomically; returns size and sha256.

    Raises:
        OSError: the file system or the store refused (nothing is left half-written).
    """
    if not is_url(location):
        return atomic_write(Path(location), fill, staging)
    url = str(location)
    fs, path = _filesystem(url)
    fd, temp_name = tempfile.mkstemp(dir=staging, prefix=f".upload.{os.getpid()}.", suffix=".part")
    temp = Path(temp_name)
    try:
        with os.fdopen(fd, "wb") as handle:
            fill(handle)
        size, digest = measure(temp)
        try:
            _upload(fs, temp, path, protocol_of(url) in _WHOLE_UPLOADS)
        except OSError:
            raise
        except Exception as error:  # a store's client has its own error kinds
            raise OSError(f"{url}: {type(error).__name__}: {error}") from error
    finally:
        temp.unlink(missing_ok=True)
    return size, digest


def _upload(fs: Any, source: Path, path: str, whole: bool) -> None:
    parent = path.rsplit("/", 1)[0] if "/" in path else ""
    if parent and not whole:
        fs.makedirs(parent, exist_ok=True)
    if whole:
        fs.put_file(str(source), path)
        return
    temp = f"{path}.{os.getpid()}.part"
    fs.put_file(str(source), temp)
    try:
        fs.mv(temp, path)
    except BaseException:
        if fs.exists(temp):
            fs.rm_file(temp)
        raise
