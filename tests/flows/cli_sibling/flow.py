"""A flow that imports its sibling module by plain name."""

import cli_helpers


def greeting(name: str) -> str:
    """A greeting made by the sibling helper."""
    return cli_helpers.shout(name)
