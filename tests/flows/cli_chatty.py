"""A flow that prints while importing and while running, as real code does."""

import os

print("importing cli_chatty")


def loud(n: int) -> int:
    """Prints from Python and writes to file descriptor 1 directly."""
    print(f"computing loud({n})")
    os.write(1, b"raw bytes on fd 1\n")
    return n + 1
