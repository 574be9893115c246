"""The output-folder lock: one writer at a time, a clear message when held, a timeout."""

from __future__ import annotations

import threading
import time

import pytest

from dagrun.errors import ResourceError
from dagrun.io.lock import check_writable, folder_lock


def test_a_second_holder_waits_until_the_first_lets_go(tmp_path):
    """While one block holds the folder another waits, is told so once, then gets it."""
    order, told = [], []
    first_in = threading.Event()

    def first() -> None:
        with folder_lock(tmp_path):
            first_in.set()
            time.sleep(0.3)
            order.append("first done")

    thread = threading.Thread(target=first)
    thread.start()
    first_in.wait()
    with folder_lock(tmp_path, on_wait=told.append):
        order.append("second in")
    thread.join()
    assert order == ["first done", "second in"]
    assert told == [f"waiting: another dagrun run is writing to {tmp_path}"]


def test_a_lock_held_past_the_timeout_is_a_resource_error(tmp_path):
    """Waiting longer than the timeout raises ResourceError (exit 1) naming the folder."""
    with folder_lock(tmp_path), pytest.raises(ResourceError) as raised:
        with folder_lock(tmp_path, timeout_s=0.2):
            pass
    assert raised.value.exit_code == 1
    assert str(tmp_path) in raised.value.message and "DAGRUN_LOCK_TIMEOUT" in raised.value.hint


def test_the_lock_leaves_no_file_behind(tmp_path):
    """The lock is on the folder itself: nothing is created inside it."""
    with folder_lock(tmp_path / "out"):
        pass
    assert list((tmp_path / "out").iterdir()) == []


def test_a_writable_folder_passes_the_check_and_a_missing_one_is_judged_by_its_parent(tmp_path):
    """check_writable accepts a writable folder, and a missing one under a writable parent."""
    check_writable(tmp_path)
    check_writable(tmp_path / "not" / "yet")
