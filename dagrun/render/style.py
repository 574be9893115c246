"""The look of a picture: one palette for node kinds and run statuses, shared by every format.

Kinds say what a node is (a function, an input, a config value, ...); statuses say
what happened to it in a run. Fills carry the status when a run is overlaid, so
kinds are also told apart by shape and border, which survive the overlay. The
colours are soft fills with darker borders of the same hue: readable in print, on
light and dark pages, and with the common colour-vision deficiencies (no kind
relies on red against green alone; failed is also bold and labelled).
"""

from __future__ import annotations

from dataclasses import dataclass

FONT = "Helvetica,Arial,sans-serif"
TEXT = "#1F2933"
MUTED = "#52606D"
EDGE = "#7B8794"
FADED_FILL = "#F5F7FA"
FADED_LINE = "#CBD2D9"
FADED_TEXT = "#9AA5B1"
CLUSTER_FILL = "#F7F9FC"
CLUSTER_LINE = "#9FB3C8"


@dataclass(frozen=True, slots=True)
class Look:
    """How one kind or status is drawn: graphviz shape and style, fill, border, legend text."""

    label: str
    fill: str
    line: str
    shape: str = "box"
    style: str = "rounded,filled"
    mermaid_shape: tuple[str, str] = ("(", ")")  # the brackets around a mermaid label


KINDS: dict[str, Look] = {
    "function": Look("function", "#E3ECFA", "#3E6FB0"),
    "output": Look("requested output", "#D2E1F7", "#1D3F73"),
    "input": Look(
        "external input", "#FFFFFF", "#7B8794", "box", "rounded,dashed,filled", ("([", "])")
    ),
    "config": Look("config value", "#FFF4CC", "#B08900", "note", "filled", ("[/", "/]")),
    "override": Look("override", "#FDE2CF", "#C05621", "box", "rounded,filled,bold", ("[[", "]]")),
    "parallel": Look(
        "Parallelizable (fan-out)", "#DDF3E4", "#2F855A", "box3d", "filled", ("[/", "\\]")
    ),
    "collect": Look("Collect (fan-in)", "#DDF3E4", "#2F855A", "box3d", "filled", ("[\\", "/]")),
    "check": Look("check", "#EFE4F7", "#6B46C1", "box", "filled,diagonals", ("{{", "}}")),
    "group": Look("collapsed namespace", "#EDF2F7", "#4A5568", "tab", "filled", ("[[", "]]")),
    "faded": Look("not needed for the outputs", FADED_FILL, FADED_LINE),
}

# Roles that mean the same kind of picture node; any other role is drawn as a function.
ROLE_KINDS = {
    "input": "input",
    "config": "config",
    "check": "check",
    "parallel": "parallel",
    "expand": "parallel",
    "collect": "collect",
}

STATUSES: dict[str, Look] = {
    "done": Look("done", "#D5F0DD", "#2F855A"),
    "cached": Look("cached (reused)", "#D6E9F8", "#2B6CB0"),
    "failed": Look("failed", "#FBD5D5", "#C53030", style="rounded,filled,bold"),
    "skipped": Look(
        "skipped (upstream failed)", "#FEEBC8", "#B7791F", style="rounded,filled,dashed"
    ),
    "not_run": Look("not run", "#EDF0F3", "#9AA5B1", style="rounded,filled,dotted"),
}


def kind_of_role(role: str) -> str:
    """The picture kind for a node role; roles this module does not know are functions."""
    return ROLE_KINDS.get(role, "function")
