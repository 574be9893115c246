"""``${VAR}`` and ``${VAR:-default}`` in run files, read from the environment at load.

A cron job or CI step sets its variables and the run file names them. An unquoted
value that is nothing but one reference (``n: ${N_ITEMS}``) becomes a number,
boolean or null when its text reads as one (``5`` is an int, as if written in
the file); a quoted one (``name: "${USER_ID}"``), or a reference within longer
text, is text. ``$${`` writes a literal ``${``. A variable that is
not set and has no default is an error naming the file, line and variable.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Mapping
from typing import Any

from dagrun.errors import InputError, did_you_mean

_REFERENCE = re.compile(r"\$(\$?)\{([^}]*)\}")
_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")


def expand(
    data: Any,
    line_of: Callable[[tuple[Any, ...]], int],
    label: str,
    parse: Callable[[str, str], Any],
    as_text: Callable[[tuple[Any, ...]], bool] = lambda path: False,
    environ: Mapping[str, str] | None = None,
) -> Any:
    """``data`` with every reference in its string values replaced.

    Args:
        data: the parsed run file.
        line_of: the line of a key path, for errors.
        label: the run file's name, for errors.
        parse: reads a whole-reference value as YAML (``parse(text, where)``).
        as_text: key paths whose values stay text even when whole references.
        environ: the variables (default ``os.environ``).

    Raises:
        InputError: a malformed reference, or an unset variable without a default.
    """
    env = os.environ if environ is None else environ

    def walk(value: Any, path: tuple[Any, ...]) -> Any:
        if isinstance(value, dict):
            return {key: walk(item, (*path, key)) for key, item in value.items()}
        if isinstance(value, list):
            return [walk(item, (*path, index)) for index, item in enumerate(value)]
        if isinstance(value, str) and "${" in value:
            return _substitute(value, path)
        return value

    def _substitute(text: str, path: tuple[Any, ...]) -> Any:
        where = f"{label}:{line_of(path)}"
        whole = _REFERENCE.fullmatch(text)
        result = _REFERENCE.sub(lambda match: _value(match, where, env), text)
        if whole and not whole.group(1) and not as_text(path) and result.strip():
            typed = parse(result, where)
            return typed if typed is None or isinstance(typed, (bool, int, float)) else result
        return result

    return walk(data, ())


def _value(match: re.Match[str], where: str, env: Mapping[str, str]) -> str:
    if match.group(1):  # $${...}: the text itself
        return "${" + match.group(2) + "}"
    name, has_default, default = match.group(2).partition(":-")
    if not _NAME.match(name):
        raise InputError(
            f"{where}: '${{{match.group(2)}}}' is not a variable reference",
            hint="write ${NAME} or ${NAME:-default}; $${ writes a literal ${",
        )
    if name in env:
        return env[name]
    if has_default:
        return default
    close = did_you_mean(name, list(env))
    raise InputError(
        f"{where}: environment variable '{name}' is not set",
        hint=f"{close + '; ' if close else ''}set it, or give a default: ${{{name}:-VALUE}}",
    )
