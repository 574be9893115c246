"""A collector reading the Parallelizable itself, with string annotations."""

from __future__ import annotations

from dagrun import Collect, Parallelizable


def word(text: str) -> Parallelizable[str]:
    return iter(text.split())


def words(word: Collect[str]) -> list[str]:
    return sorted(word)
