"""Tagged nodes for selection by tag.

n ── clean (team=core, stage=prep) ── score (team=core)
└─── audit (team=edge, stage=prep)
"""

from dagrun import tag


@tag(team="core", stage="prep")
def clean(n: int) -> int:
    """n, cleaned."""
    return n


@tag(team="core")
def score(clean: int) -> int:
    """A score from the cleaned value."""
    return clean * 10


@tag(team="edge", stage="prep")
def audit(n: int) -> str:
    """An audit line."""
    return f"saw {n}"
