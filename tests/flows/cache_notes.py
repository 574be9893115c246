"""A small flow for cache tests: each function notes its name in ran.txt when it runs.

a ── raw ──┬── scaled ──┐
           └── parity ──┼── report
b, shift ── offset ─────┘
"""

from pathlib import Path

RAN = Path(__file__).with_name("ran.txt")
SCALE = 2


def _note(name: str) -> None:
    with RAN.open("a") as handle:
        handle.write(name + "\n")


def _scaled(x: int) -> int:
    return x * SCALE


def raw(a: int) -> int:
    """The input, one up."""
    _note("raw")
    return a + 1


def scaled(raw: int) -> int:
    _note("scaled")
    return _scaled(raw)


def parity(raw: int) -> str:
    _note("parity")
    return "even" if raw % 2 == 0 else "odd"


def offset(b: int, shift: int) -> int:
    _note("offset")
    return b + shift


def report(scaled: int, parity: str, offset: int) -> str:
    _note("report")
    return f"{scaled} {parity} {offset}"
