"""Progress while a run executes: a live display on a terminal, one line per node otherwise.

Both are run hooks (``dagrun.hooks``), attached like any user's. The plain
form is for cron mail and CI logs: each node that ends prints one line with its
position, status and time (each item of a parallel block gets an unnumbered
line of its own). The rich form shows a bar, the count and the nodes running
now. The count covers the plan's steps outside parallel blocks. Executors may
call hooks from worker threads, so both guard their state with a lock.
"""

from __future__ import annotations

import threading
from typing import TYPE_CHECKING

from dagrun.executors.events import STARTED, Event
from dagrun.hooks import Hook

if TYPE_CHECKING:
    from rich.console import Console

    from dagrun.node import Node

_STYLES = {"done": "green", "cached": "cyan", "failed": "bold red", "skipped": "yellow"}


class PlainProgress(Hook):
    """One stderr line per node as it ends: ``[2/5] done     clean  0.012s``."""

    def __init__(self, console: Console, total: int) -> None:
        self.console = console
        self.total = total
        self.finished = 0
        self._lock = threading.Lock()
        self._width = len(str(total))

    def after_node(self, event: Event, node: Node) -> None:
        with self._lock:
            if event.item is None:
                self.finished += 1
                position = f"[{self.finished:>{self._width}}/{self.total}]"
                node = event.node
            else:  # one item of a parallel block: no place of its own in the count
                position = " " * (2 * self._width + 3)
                node = f"{event.node}[{event.item}]"
            self.console.print(
                f"{position} {event.kind:<7} {node}  {event.duration_s:.3f}s",
                style=_STYLES.get(event.kind),
                markup=False,
                highlight=False,
            )

    def __enter__(self) -> PlainProgress:
        return self

    def __exit__(self, *exc: object) -> None:
        return None


class LiveProgress(Hook):
    """A rich progress bar naming the nodes running now; it disappears when the run ends."""

    def __init__(self, console: Console, total: int) -> None:
        from rich.progress import (
            BarColumn,
            MofNCompleteColumn,
            Progress,
            SpinnerColumn,
            TextColumn,
            TimeElapsedColumn,
        )

        self.progress = Progress(
            SpinnerColumn(),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            TextColumn("{task.description}"),
            console=console,
            transient=True,
        )
        self.task = self.progress.add_task("", total=total)
        self.running: list[str] = []
        self._lock = threading.Lock()

    def before_node(self, event: Event, node: Node) -> None:
        self._update(event)

    def after_node(self, event: Event, node: Node) -> None:
        self._update(event)

    def _update(self, event: Event) -> None:
        with self._lock:
            if event.kind == STARTED:
                self.running.append(event.node)
            elif event.node in self.running:
                self.running.remove(event.node)
            advance = 0 if event.kind == STARTED or event.item is not None else 1
            self.progress.update(self.task, advance=advance, description=", ".join(self.running))

    def __enter__(self) -> LiveProgress:
        self.progress.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.progress.stop()


def progress_for(console: Console, total: int) -> PlainProgress | LiveProgress:
    """The live display on a terminal, plain lines otherwise; ``total`` counts unblocked steps."""
    if console.is_terminal:
        return LiveProgress(console, total)
    return PlainProgress(console, total)
