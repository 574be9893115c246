"""String annotations, forward references, generics and unions."""

from __future__ import annotations

from dataclasses import dataclass

from tests.flows.helpers import shout


@dataclass
class Basket:
    items: list[str]


def basket(raw: list[str]) -> Basket:
    """A basket of the raw items."""
    return Basket(raw)


def sizes(basket: Basket) -> dict[str, int]:
    return {item: len(item) for item in basket.items}


def longest(sizes: dict[str, int]) -> str | None:
    return max(sizes, key=sizes.get) if sizes else None


def headline(longest: str | None, prefix: str = "Top:") -> str:
    return f"{prefix} {shout(longest or '-')}"


def ratio(count: int) -> float:
    return count / 2


def scaled(ratio: float, factor: float) -> float:
    return ratio * factor


def _private_helper(x: int) -> int:
    return x
