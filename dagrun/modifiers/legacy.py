"""Hamilton's deprecated spellings of the parameterize decorators, for code ported as it is.

``parametrized`` is ``parameterize_values``, ``parameterized_inputs`` is
``parameterize_sources``, and ``parametrized_input(parameter, {input: (name, doc)})``
binds one parameter to a different input per output. Hamilton 1.90 still runs
them and logs a warning naming the replacement (they fail from Hamilton 2.0);
dagrun does the same, on the ``"dagrun"`` logger, when the decorator is made.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from typing import Any

from dagrun.modifiers.dependencies import Source
from dagrun.modifiers.parameterize import (
    Parameterize,
    parameterize_sources,
    parameterize_values,
)

log = logging.getLogger("dagrun")


def _warn(old: str, new: str) -> None:
    log.warning(
        "@%s is Hamilton's deprecated spelling of @%s (Hamilton 2.0 refuses it); use @%s",
        old,
        new,
        new,
    )


def parametrized(parameter: str, assigned_output: Mapping[Any, Any]) -> Parameterize:
    """``parameterize_values`` under its old name: ``{(name, doc): constant}``."""
    _warn("parametrized", "parameterize_values")
    return parameterize_values(parameter, assigned_output)


def parameterized_inputs(**parameterization: Mapping[str, str]) -> Parameterize:
    """``parameterize_sources`` under its old name: ``name={param: input}``."""
    _warn("parameterized_inputs", "parameterize_sources")
    return parameterize_sources(**parameterization)


def parametrized_input(parameter: str, variable_inputs: Mapping[str, Any]) -> Parameterize:
    """One node per input: ``{input: (name, doc)}`` binds ``parameter`` to ``input``.

    A value may also be the bare node name (Hamilton asks for the pair).
    """
    _warn("parametrized_input", "parameterize_sources")
    records = []
    for upstream, spec in variable_inputs.items():
        name, doc = spec if isinstance(spec, tuple) else (spec, None)
        records.append((name, {parameter: Source(upstream)}, doc))
    return Parameterize(tuple(records), "parametrized_input")
