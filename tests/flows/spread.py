"""Big values read by several nodes, in a plain diamond and across a fan-out.

``payload`` (1 MB) feeds two nodes; each item of ``part`` makes a 1 MB block,
and ``sizes`` collects them. Nothing here is a chain, so on Dask the values
must travel from worker to worker, or stay where they are.
"""

from dagrun import Collect, Parallelizable


def payload(megabytes: int) -> bytes:
    return b"x" * (megabytes * 1024 * 1024)


def head(payload: bytes) -> bytes:
    return payload[:4]


def length(payload: bytes) -> int:
    return len(payload)


def part(parts: int) -> Parallelizable[int]:
    yield from range(parts)


def block(part: int, megabytes: int) -> bytes:
    return bytes([part]) * (megabytes * 1024 * 1024)


def blocks(block: Collect[bytes]) -> list[bytes]:
    return list(block)


def sizes(blocks: list[bytes]) -> list[tuple[int, int]]:
    return [(chunk[0], len(chunk)) for chunk in blocks]
