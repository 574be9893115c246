"""A chain of three per-item nodes between Parallelizable and Collect."""

from hamilton.htypes import Collect, Parallelizable


def word(words: list) -> Parallelizable[str]:
    yield from words


def stripped(word: str) -> str:
    return word.strip()


def upper(stripped: str) -> str:
    return stripped.upper()


def tagged(upper: str, stripped: str) -> str:
    return f"{upper}({len(stripped)})"


def joined(tagged: Collect[str]) -> str:
    return ",".join(tagged)
