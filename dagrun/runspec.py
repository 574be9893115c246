"""The run file and command-line settings, merged into one ``RunSpec``.

A run file (SPEC §2) is read with YAML's safe loader while the line of every key
is kept, then checked against a pydantic schema, so a mistake comes back as
``run.yaml:3: unknown key 'outptus' (did you mean 'outputs'?)``. Flags
(``-m``, ``-s``, ``--set``, ``-i``, ``-o``, ``--executor``, ``-j``) are merged on
top and win. Every setting remembers where it came from (``Source``), so later
errors can point at the line or flag that set a value. pydantic and yaml are
imported only when a run file or a flag value is actually parsed.
"""

from __future__ import annotations

import functools
import logging
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from dagrun.errors import InputError, did_you_mean
from dagrun.io.destinations import OutputTarget
from dagrun.io.storage import Location, as_location, is_url

log = logging.getLogger("dagrun")

EXECUTOR_KINDS = ("sequential", "threads", "processes", "dask")
# The keys of an input read from a file: ``inputs: {survey: {path: data/survey.parquet}}``.
FILE_INPUT_KEYS = ("path", "format", "as", "options")


@dataclass(frozen=True, slots=True)
class Source:
    """Where a setting came from: a run-file line, a flag, or the default."""

    kind: str  # file | flag | default
    where: str = ""  # "run.yaml:3", "-i a=1"

    def __str__(self) -> str:
        return self.where or self.kind


DEFAULT = Source("default")


@dataclass(frozen=True, slots=True)
class ModuleRef:
    """One entry of ``modules``: a file path or a dotted name, and the folder paths start from."""

    text: str
    base: Path
    source: Source = DEFAULT


@dataclass(frozen=True, slots=True)
class ExecutorSpec:
    """Which executor runs the plan, and its knobs."""

    kind: str = "sequential"
    workers: int | None = None
    address: str | None = None


@dataclass(frozen=True, slots=True)
class RunSpec:
    """Everything one run needs, each value with its ``Source`` in ``sources``.

    ``sources`` is keyed by dotted path: ``"inputs.a"``, ``"config.mode"``,
    ``"out_dir"``, ``"executor.kind"``.
    """

    run_file: Path | None
    modules: tuple[ModuleRef, ...]
    config: Mapping[str, Any] = field(default_factory=dict)
    inputs: Mapping[str, Any] = field(default_factory=dict)  # values, or FileInput sources
    overrides: Mapping[str, Any] = field(default_factory=dict)
    # Values the functions get like inputs, kept out of records, output and cache keys.
    secrets: Mapping[str, str] = field(default_factory=dict)
    outputs: Mapping[str, OutputTarget] | None = None  # None: every sink node
    select: tuple[str, ...] = ()
    out_dir: Location = Path("out")  # may hold {run_id}, {date}... (dagrun.templates)
    executor: ExecutorSpec = ExecutorSpec()
    cache: bool = True
    # The run file's ``pools``/``retries``/``timeouts``, as ``Driver(runtime=...)`` takes them.
    runtime: Mapping[str, Any] = field(default_factory=dict)
    force: tuple[str, ...] = ()
    keep_going: bool = True
    sources: Mapping[str, Source] = field(default_factory=dict)

    def source_of(self, key: str) -> Source:
        """Where the setting at ``key`` (``"inputs.a"``) came from."""
        return self.sources.get(key, DEFAULT)

    def annotate(self, error: InputError) -> InputError:
        """``error`` with a hint naming the run-file line or flag that set its value."""
        for section in ("inputs", "overrides", "config"):
            key = f"{section}.{error.node}"
            if key not in self.sources:
                continue
            source = self.source_of(key)
            error.hint = f"{error.hint}; the value was set by {source}"
            if source.kind == "flag" and "pass a str" in (error.hint or ""):
                flag, _, text = source.where.partition(" ")
                name, _, raw = text.partition("=")
                quoted = f"{flag} {name}=\"'{raw}'\""
                error.hint += f" (flag values are YAML; quote it for a string: {quoted})"
            break
        return error

    def warn_unknown_names(self, known: set[str]) -> None:
        """Warn of inputs and overrides the flow has no use for at all: most likely typos.

        Not an error: one run file may feed several flows, and an input needed
        only by nodes outside the selection is fine (those are known names).
        """
        for section in ("inputs", "overrides"):
            for name in getattr(self, section):
                if name not in known:
                    log.warning(
                        "%s: %s '%s' is neither a node nor an input of the flow; ignored (%s)",
                        self.source_of(f"{section}.{name}"),
                        section[:-1],
                        name,
                        did_you_mean(name, known) or "see `dagrun list` for the names",
                    )

    def request_flags(self) -> dict[str, Any]:
        """What ``dagrun retry`` needs to repeat this run: the folder and the flags given."""
        flags = [m.source.where for m in self.modules if m.source.kind == "flag"]
        flags += [s.where for s in self.sources.values() if s.kind == "flag"]
        return {"cwd": str(Path.cwd()), "flags": flags}


@dataclass(frozen=True, slots=True)
class Flags:
    """The command line's run settings, before they are merged into a ``RunSpec``."""

    modules: tuple[str, ...] = ()
    select: tuple[str, ...] = ()
    sets: tuple[str, ...] = ()
    inputs: tuple[str, ...] = ()
    out_dir: str | Path | None = None
    executor: str | None = None
    workers: int | None = None
    no_cache: bool = False
    force: tuple[str, ...] = ()
    fail_fast: bool = False


def load(run_file: Path | None, flags: Flags = Flags()) -> RunSpec:
    """The ``RunSpec`` for a run file (or none) with command-line flags on top.

    Raises:
        InputError: the run file is unreadable, not YAML, or breaks the schema;
            a flag is malformed; no module is named anywhere.
    """
    spec = _from_file(run_file) if run_file is not None else _bare_spec()
    spec = _apply_flags(spec, flags)
    if not spec.modules:
        raise InputError(
            "no flow modules to load",
            hint="name them under `modules:` in the run file or pass -m FILE_OR_MODULE",
        )
    return spec


def _bare_spec() -> RunSpec:
    return RunSpec(run_file=None, modules=())


# ---- the run file ---------------------------------------------------------------


def _from_file(run_file: Path) -> RunSpec:
    from dagrun import envvars

    text = _read(run_file)
    label = str(run_file)
    data, lines = parse_yaml(text, label)
    if "${" in text:
        quoted = _quoted_paths(text)
        data = envvars.expand(
            data,
            lambda path: _line_of(lines, path),
            label,
            parse=lambda value, where: parse_yaml(value, where)[0],
            as_text=lambda path: path in quoted or (bool(path) and path[0] == "secrets"),
        )
    document = _validate(data, lines, label)
    spec = _spec_from_document(run_file, document, lines)
    _check_paths(spec)
    return spec


def _quoted_paths(text: str) -> set[tuple[Any, ...]]:
    """The key paths whose values are quoted in the YAML text (``"${X}"`` stays text)."""
    import yaml

    quoted: set[tuple[Any, ...]] = set()
    stack = [(yaml.compose(text, Loader=_run_file_loader()), ())]
    while stack:
        node, path = stack.pop()
        if isinstance(node, yaml.MappingNode):
            stack.extend((value, (*path, key.value)) for key, value in node.value)
        elif isinstance(node, yaml.SequenceNode):
            stack.extend((item, (*path, index)) for index, item in enumerate(node.value))
        elif isinstance(node, yaml.ScalarNode) and node.style in ("'", '"'):
            quoted.add(path)
    return quoted


def _check_paths(spec: RunSpec) -> None:
    """Refuse unknown formats and placeholders in ``out_dir`` and output paths (exit 2)."""
    from dagrun import templates
    from dagrun.io.registry import REGISTRY

    where = str(spec.source_of("out_dir"))
    templates.check(str(spec.out_dir), where, spec.config, spec.inputs)
    for name, target in (spec.outputs or {}).items():
        where = str(spec.source_of(f"outputs.{name}"))
        if target.path is not None:
            templates.check(str(target.path), where, spec.config, spec.inputs)
        if target.format is not None:
            REGISTRY.get(target.format, f"{where}: outputs.{name}.format")


def _read(run_file: Path) -> str:
    try:
        return run_file.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise InputError(
            f"run file '{run_file}' does not exist",
            hint=_nearby_yaml_hint(run_file),
        ) from None
    except (OSError, UnicodeDecodeError) as error:
        raise InputError(f"cannot read run file '{run_file}': {error}") from None


def _nearby_yaml_hint(run_file: Path) -> str:
    folder = run_file.parent if run_file.parent.is_dir() else Path()
    names = [p.name for p in folder.glob("*.y*ml")]
    close = did_you_mean(run_file.name, names)
    if close:
        return close
    return "pass a YAML run file, or name the flow with -m FILE_OR_MODULE instead"


@functools.cache
def _run_file_loader() -> type:
    """PyYAML's safe loader with YAML 1.2 booleans: only true/false are booleans.

    YAML 1.1 also reads ``on``/``off``/``yes``/``no`` as booleans, which turns a
    retry policy's ``on: ConnectionError`` key into ``True`` and ``-i answer=no``
    into ``False``; YAML 1.2, and users, read them as words.
    """
    import re

    import yaml

    bool_tag = "tag:yaml.org,2002:bool"

    class RunFileLoader(yaml.SafeLoader):
        yaml_implicit_resolvers = {
            first: [(tag, regexp) for tag, regexp in resolvers if tag != bool_tag]
            for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
        }

    RunFileLoader.add_implicit_resolver(
        bool_tag, re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
    )
    return RunFileLoader


def parse_yaml(text: str, label: str) -> tuple[Any, dict[tuple[Any, ...], int]]:
    """The document in ``text`` and the line of every key path (safe loader only).

    Raises:
        InputError: the text is not valid YAML, or a mapping repeats a key.
    """
    import yaml

    loader = None
    try:  # parse once: the node tree gives the lines, the same tree the values
        loader = _run_file_loader()(text)
        root = loader.get_single_node()
        data = loader.construct_document(root) if root is not None else None
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = f":{mark.line + 1}" if mark is not None else ""
        problem = getattr(error, "problem", None) or str(error)
        raise InputError(f"{label}{line}: not valid YAML: {problem}") from None
    finally:
        if loader is not None:
            loader.dispose()
    lines: dict[tuple[Any, ...], int] = {}
    if root is not None:
        _collect_lines(root, (), lines, label)
    return data, lines


def _collect_lines(node: Any, path: tuple[Any, ...], lines: dict, label: str) -> None:
    import yaml

    stack = [(node, path)]
    while stack:
        current, where = stack.pop()
        if isinstance(current, yaml.MappingNode):
            for key_node, value_node in current.value:
                child = (*where, key_node.value)
                if child in lines:
                    raise InputError(
                        f"{label}:{key_node.start_mark.line + 1}: duplicate key '{_dotted(child)}'",
                        hint=f"it is first set on line {lines[child]}; keep one",
                    )
                lines[child] = key_node.start_mark.line + 1
                stack.append((value_node, child))
        elif isinstance(current, yaml.SequenceNode):
            for index, item in enumerate(current.value):
                lines[(*where, index)] = item.start_mark.line + 1
                stack.append((item, (*where, index)))


def _dotted(path: Sequence[Any]) -> str:
    return ".".join(str(part) for part in path)


def _line_of(lines: Mapping[tuple[Any, ...], int], path: Sequence[Any]) -> int:
    path = tuple(path)
    while path and path not in lines:
        path = path[:-1]
    return lines.get(path, 1)


def _validate(data: Any, lines: dict, label: str) -> Any:
    """The run file checked against the schema (pydantic, imported here)."""
    from pydantic import ValidationError

    from dagrun.runfile_schema import RunFileModel

    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise InputError(
            f"{label}:1: a run file is a mapping of keys (modules, inputs, outputs, ...), "
            f"not a {type(data).__name__}"
        )
    try:
        return RunFileModel.model_validate(data)
    except ValidationError as error:
        raise _schema_error(error, lines, label) from None


def _schema_error(error: Any, lines: dict, label: str) -> InputError:
    from dagrun.runfile_schema import field_names

    problems = sorted(error.errors(), key=lambda e: _line_of(lines, e["loc"]))
    first = problems[0]
    loc = tuple(first["loc"])
    line = _line_of(lines, loc)
    more = (
        f"{len(problems) - 1} more problem(s) follow once this is fixed" if problems[1:] else None
    )
    if first["type"] == "extra_forbidden":
        close = did_you_mean(str(loc[-1]), field_names(loc[:-1]))
        suffix = f" ({close})" if close else ""
        return InputError(
            f"{label}:{line}: unknown key '{_dotted(loc)}'{suffix}",
            hint=more or f"known keys here: {', '.join(field_names(loc[:-1]))}",
        )
    message = _plain(first["msg"])
    got = first.get("input")
    close = None
    expected = (first.get("ctx") or {}).get("expected")
    if first["type"] == "literal_error" and isinstance(got, str) and expected:
        close = did_you_mean(got, re.findall(r"'([^']*)'", str(expected)))
    suffix = f" ({close})" if close else ""
    return InputError(
        f"{label}:{line}: {_dotted(loc)}: {message}, got {got!r:.60}{suffix}",
        hint=more,
    )


def _plain(message: str) -> str:
    """pydantic's message in the user's words: no internal model names."""
    message = re.sub(r"valid dictionary or instance of \w+Model", "mapping (key: value)", message)
    message = message.replace("a valid dictionary", "a mapping (key: value)")
    return message[0].lower() + message[1:]


def _spec_from_document(run_file: Path, doc: Any, lines: dict) -> RunSpec:
    base = run_file.resolve().parent
    label = str(run_file)

    def at(*path: Any) -> Source:
        return Source("file", f"{label}:{_line_of(lines, path)}")

    sources: dict[str, Source] = {}
    for section in ("config", "inputs", "overrides", "outputs"):
        for name in getattr(doc, section) or ():
            sources[f"{section}.{name}"] = at(section, name)
    modules = tuple(
        ModuleRef(text, base, at("modules", index if isinstance(doc.raw_modules, list) else ()))
        for index, text in enumerate(doc.module_list())
    )
    out_dir = _location(doc.out_dir, base) if doc.out_dir else (base / "out" / run_file.stem)
    inputs = {
        name: _input(value, base, at("inputs", name), lines, label, name)
        for name, value in doc.inputs.items()
    }
    for name in doc.secrets:
        sources[f"secrets.{name}"] = at("secrets", name)
    for key in ("out_dir", "executor", "cache", "outputs", "pools", "retries", "timeouts"):
        if (key,) in lines:
            sources[key] = at(key)
    return RunSpec(
        run_file=run_file,
        modules=modules,
        config=dict(doc.config),
        inputs=inputs,
        secrets=dict(doc.secrets),
        overrides=dict(doc.overrides),
        outputs=_targets(doc.outputs),
        out_dir=out_dir,
        executor=ExecutorSpec(doc.executor.kind, doc.executor.workers, doc.executor.address),
        cache=doc.cache.enabled,
        runtime={
            "pools": dict(doc.pools),
            "retries": {node: policy.model_dump() for node, policy in doc.retries.items()},
            "timeouts": dict(doc.timeouts),
        },
        sources=sources,
    )


def _location(text: str, base: Path) -> Location:
    """A run file's path as a location: URLs as they are, paths from the run file's folder."""
    found = as_location(text, base)
    return found if is_url(found) else Path(found).resolve()


def _input(value: Any, base: Path, source: Source, lines: dict, label: str, name: str) -> Any:
    """An input's value, or the ``FileInput`` a mapping with a ``path`` key names."""
    if not isinstance(value, dict) or "path" not in value:
        return value
    from dagrun.io.sources import FileInput

    for key in value:
        if key not in FILE_INPUT_KEYS:
            line = _line_of(lines, ("inputs", name, key))
            close = did_you_mean(str(key), FILE_INPUT_KEYS)
            raise InputError(
                f"{label}:{line}: unknown key '{key}' in input '{name}', which is read from a file "
                "(it has a path:)",
                hint=close or f"an input read from a file takes {', '.join(FILE_INPUT_KEYS)}",
            )
    options = value.get("options") or {}
    if not isinstance(value["path"], str) or not isinstance(options, dict):
        raise InputError(
            f"{source}: input '{name}': path: must be text and options: a mapping",
            hint="for example: {path: data/survey.csv, options: {sep: ';'}}",
        )
    return FileInput(
        location=_location(value["path"], base),
        format=value.get("format"),
        kind=value.get("as"),
        options=options,
        where=str(source),
    )


def _targets(outputs: Any) -> dict[str, OutputTarget] | None:
    if outputs is None:
        return None
    return {
        name: OutputTarget(
            path=as_location(entry.path) if entry.path else None,
            format=entry.format,
            write=entry.write,
            options=entry.options or None,
        )
        for name, entry in outputs.items()
    }


# ---- command-line flags ---------------------------------------------------------


_KEY = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")


def parse_assignment(text: str, flag: str) -> tuple[str, Any]:
    """``KEY=VALUE`` from a flag, the value read as a YAML scalar (``3`` an int, ``'3'`` a str).

    Raises:
        InputError: no ``=``, or the key is not a valid name, or the value is not YAML.
    """
    key, sep, raw = text.partition("=")
    key = key.strip()
    if not sep or not _KEY.match(key):
        raise InputError(
            f"{flag} expects KEY=VALUE, got '{text}'",
            hint=f"for example: {flag} n=3  or  {flag} name='Ada Lovelace'",
        )
    value, _ = parse_yaml(raw, f"{flag} {text}") if raw.strip() else ("", {})
    return key, value


def _apply_flags(spec: RunSpec, flags: Flags) -> RunSpec:
    sources = dict(spec.sources)
    changes: dict[str, Any] = {}
    cwd = Path.cwd()
    if flags.modules:
        changes["modules"] = tuple(
            ModuleRef(m, cwd, Source("flag", f"-m {m}")) for m in flags.modules
        )
    for attr, flag, items in (("config", "--set", flags.sets), ("inputs", "-i", flags.inputs)):
        merged = dict(getattr(spec, attr))
        for text in items:
            key, value = parse_assignment(text, flag)
            merged[key] = value
            sources[f"{attr}.{key}"] = Source("flag", f"{flag} {text}")
        changes[attr] = merged
    if flags.select:
        changes["select"] = tuple(flags.select)
    if flags.out_dir is not None:
        changes["out_dir"] = _location(str(flags.out_dir), cwd)
        sources["out_dir"] = Source("flag", f"-o {flags.out_dir}")
    elif spec.run_file is None:
        changes["out_dir"] = cwd / "out" / _module_stem(changes.get("modules", spec.modules))
    changes["executor"] = _executor(spec.executor, flags, sources)
    if flags.no_cache:
        changes["cache"] = False
        sources["cache"] = Source("flag", "--no-cache")
    changes["force"] = tuple(flags.force)
    changes["keep_going"] = not flags.fail_fast
    return replace(spec, sources=sources, **changes)


def with_flag_text(spec: RunSpec, names: set[str]) -> RunSpec:
    """``spec`` with each ``-i`` input in ``names`` that YAML read as a number put back as text.

    ``-i a=1`` for an input the flow declares ``str`` means the text "1": the
    flag cannot know the flow's types, the flow can. Quoting (``-i a="'1'"``)
    still works and a run file's values are left exactly as written.
    """
    changed = {}
    for name in names & set(spec.inputs):
        value, source = spec.inputs[name], spec.source_of(f"inputs.{name}")
        if source.kind == "flag" and isinstance(value, (int, float, bool)):
            changed[name] = source.where.partition("=")[2]
    return replace(spec, inputs={**spec.inputs, **changed}) if changed else spec


def _executor(current: ExecutorSpec, flags: Flags, sources: dict[str, Source]) -> ExecutorSpec:
    if flags.executor is not None:
        if flags.executor not in EXECUTOR_KINDS:
            close = did_you_mean(flags.executor, EXECUTOR_KINDS)
            raise InputError(
                f"--executor: unknown kind '{flags.executor}'",
                hint=close or f"choose one of {', '.join(EXECUTOR_KINDS)}",
            )
        current = replace(current, kind=flags.executor)
        sources["executor.kind"] = Source("flag", f"--executor {flags.executor}")
    if flags.workers is not None:
        if flags.workers < 1:
            raise InputError(f"-j expects a positive number of workers, got {flags.workers}")
        current = replace(current, workers=flags.workers)
        sources["executor.workers"] = Source("flag", f"-j {flags.workers}")
    return current


def _module_stem(modules: Sequence[ModuleRef]) -> str:
    if not modules:
        return "run"
    text = modules[0].text
    return Path(text).stem if text.endswith(".py") else text.rsplit(".", 1)[-1]
