"""Slow nodes that leave their pid in a folder when they start, for the interrupt tests."""

import os
import time
from pathlib import Path


def _mark(folder: str, name: str) -> None:
    Path(folder, f"{name}.pid").write_text(str(os.getpid()))


def slow_1(folder: str) -> int:
    _mark(folder, "slow_1")
    time.sleep(60)
    return 1


def slow_2(folder: str) -> int:
    _mark(folder, "slow_2")
    time.sleep(60)
    return 2


def slow_3(folder: str) -> int:
    _mark(folder, "slow_3")
    time.sleep(60)
    return 3


def total(slow_1: int, slow_2: int, slow_3: int) -> int:
    return slow_1 + slow_2 + slow_3
