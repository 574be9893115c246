"""The soak's mixed flow: quick and slow nodes, a large output, a node that fails on some seeds."""

import random
import time


def raw(seed: int) -> list:
    rng = random.Random(seed)
    return [rng.randint(0, 1000) for _ in range(20_000)]


def stats(raw: list) -> dict:
    return {"n": len(raw), "total": sum(raw), "max": max(raw)}


def blob(seed: int, size_kb: int) -> bytes:
    return bytes([seed % 256]) * (size_kb * 1024)


def text(raw: list) -> str:
    return "\n".join(str(x) for x in raw[:5000]) + "\n"


def slow(seed: int) -> int:
    time.sleep(0.05 + (seed % 5) * 0.05)
    return seed * 7


def flaky(seed: int) -> int:
    if seed % 9 == 0:
        raise ValueError(f"seed {seed} is unlucky")
    return seed + 1


def report(stats: dict, text: str, slow: int, flaky: int) -> dict:
    return {"stats": stats, "lines": text.count("\n"), "slow": slow, "flaky": flaky}
