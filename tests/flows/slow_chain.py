"""A slow chain beside a node that fails: does the chain stop when the run does?

Each ``step<i>`` sleeps 0.1 s and notes its name in ``log``; ``broken`` fails
after 0.15 s.
"""

import time
from pathlib import Path


def _note(log: str, name: str) -> None:
    with Path(log).open("a") as handle:
        handle.write(name + "\n")


def step0(log: str) -> str:
    time.sleep(0.1)
    _note(log, "step0")
    return log


def step1(step0: str) -> str:
    time.sleep(0.1)
    _note(step0, "step1")
    return step0


def step2(step1: str) -> str:
    time.sleep(0.1)
    _note(step1, "step2")
    return step1


def step3(step2: str) -> str:
    time.sleep(0.1)
    _note(step2, "step3")
    return step2


def step4(step3: str) -> str:
    time.sleep(0.1)
    _note(step3, "step4")
    return step3


def step5(step4: str) -> str:
    time.sleep(0.1)
    _note(step4, "step5")
    return step4


def broken(log: str) -> str:
    time.sleep(0.15)
    raise RuntimeError("broken gives up")
