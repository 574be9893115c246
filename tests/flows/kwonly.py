"""Keyword-only parameters and optional dependencies."""


def greeting(name: str, *, punctuation: str = "!") -> str:
    return f"Hello {name}{punctuation}"


def tail(greeting: str, suffix: str | None = None, times: int = 1) -> str:
    return greeting + (suffix or "") * times
