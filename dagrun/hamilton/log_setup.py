"""Hamilton's ``hamilton.log_setup``: console logging for a script, as Hamilton sets it up."""

from __future__ import annotations

import logging
import sys

__all__ = ["LOG_LEVELS", "setup_logging"]

LOG_LEVELS = {
    name: getattr(logging, name) for name in ("CRITICAL", "ERROR", "WARNING", "INFO", "DEBUG")
}


def setup_logging(log_level: int = logging.INFO) -> None:
    """Send log records to stdout at ``log_level``, unless the root logger already has a handler.

    As Hamilton's does, it also silences numpy's divide and invalid warnings
    (when numpy is installed), which the ported examples rely on.
    """
    root = logging.getLogger()
    if not root.handlers:
        handler = logging.StreamHandler(sys.stdout)
        handler.setFormatter(
            logging.Formatter("[%(levelname)s] %(asctime)s %(name)s(%(lineno)s): %(message)s")
        )
        root.addHandler(handler)
        root.setLevel(log_level)
    try:
        import numpy as np
    except ImportError:
        return
    np.seterr(divide="ignore", invalid="ignore")
