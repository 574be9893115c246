"""A flow that waits: ``started`` touches a marker file, then ``wait`` sleeps.

Used to interrupt a real run with SIGINT while a node is running.
"""

import time
from pathlib import Path


def started(marker: str) -> str:
    """Announce that the run is under way."""
    Path(marker).write_text("started")
    return marker


def wait(started: str, seconds: float) -> str:
    """Sleep long enough to be interrupted."""
    time.sleep(seconds)
    return "woke"


def quick(marker: str) -> str:
    """An independent output that is ready before the wait."""
    return "quick"
