"""Helper module used only as a subdag."""


def cleaned(text: str) -> str:
    return " ".join(text.split())


def word_count(cleaned: str) -> int:
    return len(cleaned.split(" "))
