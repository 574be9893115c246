"""A flow inside a package that uses relative imports."""

from ..tools import double


def doubled(x: int) -> int:
    """Twice x, computed by the package's helper."""
    return double(x)
