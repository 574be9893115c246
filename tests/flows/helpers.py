"""Helpers imported by other fixture flows; a module of nodes on its own."""


def shout(text: str) -> str:
    return text.upper()
