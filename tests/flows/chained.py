"""A chain of steps, each the only reader of the one before, beside a node reading its input.

Every step adds the id of the process it ran in, so a test can tell where the
chain ran; ``double`` refuses a negative ``x``, failing the chain midway.
"""

import os


def start(x: int) -> dict:
    return {"x": x, "pids": [os.getpid()]}


def double(start: dict) -> dict:
    if start["x"] < 0:
        raise ValueError("double refuses a negative x")
    return {"x": start["x"] * 2, "pids": [*start["pids"], os.getpid()]}


def plus_one(double: dict) -> dict:
    return {"x": double["x"] + 1, "pids": [*double["pids"], os.getpid()]}


def finish(plus_one: dict) -> dict:
    return {"x": plus_one["x"], "pids": [*plus_one["pids"], os.getpid()]}


def beside(x: int) -> int:
    return x + 100
