"""Placeholders in output paths: ``{run_id}``, ``{date}``, ``{datetime}``, ``{config.KEY}``,
``{input.NAME}``, so a daily cron run keeps each day's results.

Paths are checked when the run file is read (an unknown placeholder is an error
with a "did you mean") and filled in when the run starts, once its id exists.
``{date}`` is the local date (2026-12-04) and ``{datetime}`` the local time
(2026-12-04T08-30-00, no colons, so it is a valid file name everywhere); both
take a strftime format: ``{date:%Y%m%d}``. ``{{`` and ``}}`` are literal braces.
"""

from __future__ import annotations

import datetime
import string
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from dagrun.errors import InputError, did_you_mean

_PLAIN = ("run_id", "date", "datetime")
_SECTIONS = {"config": ("config", "config"), "input": ("input", "inputs")}


def fields(text: str) -> list[tuple[str, str | None]]:
    """The placeholders in ``text`` as (name, format spec); empty for plain text.

    Raises:
        ValueError: unbalanced braces.
    """
    return [
        (name, spec or None)
        for _, name, spec, _ in string.Formatter().parse(text)
        if name is not None
    ]


def check(text: str, where: str, config: Mapping[str, Any], inputs: Mapping[str, Any]) -> None:
    """Refuse a path whose placeholders cannot be filled.

    Raises:
        InputError: unbalanced braces, or an unknown placeholder or key.
    """
    try:
        found = fields(text)
    except ValueError as error:
        raise InputError(
            f"{where}: cannot read the placeholders in '{text}': {error}",
            hint="write {{ and }} for literal braces",
        ) from None
    known = {"config": config, "input": inputs}
    for name, _ in found:
        section, dot, key = name.partition(".")
        if not dot and name in _PLAIN:
            continue
        if dot and section in known:
            if key in known[section]:
                continue
            close = did_you_mean(key, list(known[section]))
            singular, plural = _SECTIONS[section]
            raise InputError(
                f"{where}: '{{{name}}}' names no {singular} value '{key}'",
                hint=close or f"the run file's {plural}: {', '.join(known[section]) or 'none'}",
            )
        choices = [*_PLAIN, *(f"config.{k}" for k in config), *(f"input.{k}" for k in inputs)]
        raise InputError(
            f"{where}: unknown placeholder '{{{name}}}' in '{text}'",
            hint=did_you_mean(name, choices)
            or "placeholders: {run_id}, {date}, {datetime}, {config.KEY}, {input.NAME}",
        )


@dataclass(frozen=True, slots=True)
class _Moment:
    value: datetime.datetime | datetime.date
    default: str

    def __format__(self, spec: str) -> str:
        return self.value.strftime(spec or self.default)


class _Values:
    """``{config.KEY}`` and ``{input.NAME}``: attribute access onto a mapping."""

    def __init__(self, values: Mapping[str, Any]):
        self._values = values

    def __getattr__(self, key: str) -> Any:
        try:
            return self._values[key]
        except KeyError:
            raise AttributeError(key) from None


def fill(
    text: str,
    run_id: str,
    config: Mapping[str, Any],
    inputs: Mapping[str, Any],
    now: datetime.datetime | None = None,
) -> str:
    """``text`` with its placeholders filled for the run ``run_id``."""
    if "{" not in text and "}" not in text:
        return text
    now = now or datetime.datetime.now().astimezone()
    return text.format_map(
        {
            "run_id": run_id,
            "date": _Moment(now.date(), "%Y-%m-%d"),
            "datetime": _Moment(now, "%Y-%m-%dT%H-%M-%S"),
            "config": _Values(config),
            "input": _Values(inputs),
        }
    )
