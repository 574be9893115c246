"""Parallelizable[T] and Collect[T]: roles for the planner, item types for edge checks."""

from typing import Any

from dagrun import Collect, Parallelizable, hints
from dagrun.parallel import COLLECT, PARALLEL, item_type, role_of


def test_roles_are_read_from_annotations():
    """Subscripted or bare, each wrapper names its role; other types have none."""
    assert role_of(Parallelizable[int]) == PARALLEL
    assert role_of(Collect) == COLLECT
    assert role_of(list[int]) is None
    assert role_of(int) is None


def test_edges_compare_the_item_types():
    """An edge out of Parallelizable[T] carries a T; an edge into Collect[T] takes a T."""
    assert hints.is_compatible(Parallelizable[int], float)
    assert hints.is_compatible(int, Collect[int])
    assert not hints.is_compatible(Parallelizable[str], int)
    assert not hints.is_compatible(str, Collect[int])


def test_item_type_defaults_to_any():
    """A bare wrapper carries items of any type."""
    assert item_type(Collect[str]) is str
    assert item_type(Parallelizable) is Any
