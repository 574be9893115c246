"""An output whose pickling is slow, so a run can be killed while writing it."""

import time


class Slow:
    """Pickles as 64 KiB of bytes, after a pause."""

    def __reduce__(self):
        time.sleep(0.01)
        return (bytes, (b"x" * 65536,))


def big(count: int) -> tuple:
    """Many slow-to-pickle items: writing them takes count x 10 ms."""
    return tuple(Slow() for _ in range(count))
