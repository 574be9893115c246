"""Hamilton's ``h_pandas``: ``with_columns`` on a pandas DataFrame parameter.

It is ``dagrun.with_columns`` fixed to pandas (``dagrun.modifiers.with_columns``).
"""

from __future__ import annotations

from functools import partial

from dagrun.modifiers import with_columns as _with_columns

__all__ = ["with_columns"]

with_columns = partial(_with_columns.with_columns, frames=_with_columns.PANDAS)
