"""Keeping secrets out of what a run leaves behind.

Secrets reach the functions as inputs and, by construction, nothing else: the
record keeps input names only, the cache keys them on a constant, a dry run
shows ``***``. A function may still put a secret's text into an error message;
``Redactor`` takes it out of errors and the record before either is shown or
saved.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from typing import Any

MASK = "***"
_SHORTEST = 4  # shorter texts would mask ordinary words; a real key is longer


class Redactor:
    """Replaces every secret's text with ``***``."""

    def __init__(self, secrets: Iterable[Any]):
        texts = {str(value) for value in secrets if len(str(value)) >= _SHORTEST}
        self._texts = sorted(texts, key=len, reverse=True)  # longest first: no partial leftovers

    def __bool__(self) -> bool:
        return bool(self._texts)

    def text(self, text: str) -> str:
        for secret in self._texts:
            text = text.replace(secret, MASK)
        return text

    def record(self, record: Mapping[str, Any]) -> dict[str, Any]:
        """The record with every secret's text masked, wherever a function put it."""
        return json.loads(self.text(json.dumps(record, default=str)))

    def error(self, error: Exception) -> None:
        """Mask the secret in a dagrun error's message and hint, and in what it chains."""
        for attribute in ("message", "hint"):
            value = getattr(error, attribute, None)
            if isinstance(value, str):
                setattr(error, attribute, self.text(value))
        error.args = tuple(self.text(a) if isinstance(a, str) else a for a in error.args)
        cause = error.__cause__
        if cause is not None and cause is not error:
            cause.args = tuple(self.text(a) if isinstance(a, str) else a for a in cause.args)
