"""label returns str but count_words declares an int parameter named label."""


def label(name: str) -> str:
    return name.title()


def count_words(label: int) -> int:
    return label + 1
