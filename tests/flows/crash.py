"""A node that kills the process it runs in."""

import os


def doomed(code: int) -> int:
    os._exit(code)


def fine(code: int) -> int:
    return code * 2
