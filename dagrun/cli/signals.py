"""Stop signals: SIGTERM ends a command the way Ctrl-C does, with exit 128 + the signal.

cron, systemd, CI runners and container runtimes stop jobs with SIGTERM. Raising
``KeyboardInterrupt`` for it lets the run take the Ctrl-C path: pending work is
cancelled, outputs stay whole, the record says ``interrupted``; the exit code
then tells the two apart (130 for SIGINT, 143 for SIGTERM), as shells do.
"""

from __future__ import annotations

import signal
from types import FrameType

_received = [signal.SIGINT]  # the last stop signal seen; Ctrl-C unless told otherwise


def _interrupt(signum: int, frame: FrameType | None) -> None:
    _received[0] = signal.Signals(signum)
    raise KeyboardInterrupt(signal.Signals(signum).name)


def stop_on_terminate() -> None:
    """Turn SIGTERM into ``KeyboardInterrupt`` for the rest of this process (main thread only)."""
    if signal.getsignal(signal.SIGTERM) is signal.SIG_DFL:
        signal.signal(signal.SIGTERM, _interrupt)


def interrupted_exit_code() -> int:
    """128 + the signal that stopped the command: 130 for Ctrl-C, 143 for SIGTERM."""
    return 128 + int(_received[0])
