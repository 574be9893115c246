"""Package helpers for cli_pkg.sub.flow."""


def double(x: int) -> int:
    return 2 * x
