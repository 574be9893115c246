"""A flow whose middle node raises: one branch fails, one is skipped, one finishes."""


def load(x: int) -> int:
    """The input, loaded."""
    return x


def parse(load: int) -> int:
    """Parsing that always fails."""
    raise ValueError(f"cannot parse {load}")


def summary(parse: int) -> str:
    """Needs the parsed value, so it never runs."""
    return str(parse)


def count(load: int) -> int:
    """Independent of the failure."""
    return load + 1
