"""Loaded at start-up of every example script the porting check runs (it is on PYTHONPATH).

It records what each driver call returns, under Hamilton and under dagrun
alike, so the check compares results without touching the example's code:
after ``hamilton.driver`` (or ``dagrun.hamilton.driver``) is imported, the
driver's result-returning methods are wrapped, and at exit the results go to
the pickle file named by ``PORTING_CAPTURE``.
"""

from __future__ import annotations

import atexit
import functools
import importlib.abc
import importlib.machinery
import os
import pickle
import sys

OUT = os.environ.get("PORTING_CAPTURE")
WATCHED = {"hamilton.driver", "dagrun.hamilton.driver"}
METHODS = ("execute", "raw_execute", "materialize")
results: list[tuple[str, object]] = []


def _keepable(value: object) -> object:
    """The value when it pickles, else its type's name (compared by type alone)."""
    try:
        pickle.dumps(value)
    except Exception:  # any object may refuse pickling in its own way
        if isinstance(value, dict):
            return {key: _keepable(item) for key, item in value.items()}
        if isinstance(value, (list, tuple)):
            return [_keepable(item) for item in value]
        return ("<unpicklable>", type(value).__qualname__)
    return value


def _recording(name: str, method):
    @functools.wraps(method)
    def record(*args, **kwargs):
        value = method(*args, **kwargs)
        results.append((name, _keepable(value)))
        return value

    return record


def _wrap(module) -> None:
    driver = getattr(module, "Driver", None)
    for name in METHODS:
        method = getattr(driver, name, None) if driver is not None else None
        if callable(method) and not getattr(method, "_porting_wrapped", False):
            wrapped = _recording(name, method)
            wrapped._porting_wrapped = True
            setattr(driver, name, wrapped)


class _Watcher(importlib.abc.MetaPathFinder):
    """Finds nothing itself: wraps the loader of a watched module so it is patched once run."""

    def find_spec(self, fullname, path, target=None):
        if fullname not in WATCHED:
            return None
        spec = importlib.machinery.PathFinder.find_spec(fullname, path)
        if spec is None or spec.loader is None:
            return spec
        loader = spec.loader
        run = loader.exec_module

        def exec_module(module):
            run(module)
            _wrap(module)

        loader.exec_module = exec_module
        return spec


def _save() -> None:
    if OUT:
        with open(OUT, "wb") as handle:
            pickle.dump(results, handle)


if OUT:
    sys.meta_path.insert(0, _Watcher())
    atexit.register(_save)
