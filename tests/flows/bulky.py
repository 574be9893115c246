"""Large, deterministic outputs for the kill tests: a few MB each, with pauses to land in."""

import time


def block(size_mb: int, pause_s: float) -> bytes:
    time.sleep(pause_s)
    return bytes(range(256)) * (size_mb * 4096)


def text(size_mb: int, pause_s: float) -> str:
    time.sleep(pause_s)
    return "a line of text\n" * (size_mb * 70_000)


def numbers(size_mb: int, pause_s: float) -> list:
    time.sleep(pause_s)
    return list(range(size_mb * 120_000))


def summary(block: bytes, text: str, numbers: list) -> dict:
    return {"block": len(block), "text": len(text), "numbers": len(numbers)}
