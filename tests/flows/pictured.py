"""A flow with every kind of node a picture tells apart.

The check role and a subdag namespace are set by ``tests/render/conftest.py``,
so the picture tests do not depend on how decorators name their nodes.
"""

from dagrun import Collect, Parallelizable


def rows(path: str, limit: int) -> list[int]:
    """Rows read from the file at path, at most limit of them."""
    return list(range(limit))


def row_items(rows: list[int]) -> Parallelizable[int]:
    """Each row on its own, to fan out over."""
    yield from rows


def doubled(row_items: int) -> int:
    """One row doubled."""
    return row_items * 2


def total(doubled: Collect[int]) -> int:
    """The doubled rows added up."""
    return sum(doubled)


def total_is_positive(total: int) -> bool:
    """Whether the total is above zero."""
    return total > 0


def report(total: int, title: str = "Total") -> str:
    """A one-line report under a <title> & its "quotes"."""
    return f"{title}: {total}"


def audit(rows: list[int]) -> dict[str, int]:
    """How many rows were read, for the audit log."""
    return {"rows": len(rows)}
