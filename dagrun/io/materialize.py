"""Loading and saving as nodes: what ``@load_from``/``@save_to`` and ``to``/``from_`` add.

Each names a format of the one registry (``dagrun.io.registry.REGISTRY``);
Hamilton's names that differ from dagrun's are mapped onto it (``file`` is
``txt``). A loader node returns ``(value, metadata)`` and a select node passes
the value on; a saver node writes its value atomically and returns metadata of
the file written, shaped as Hamilton shapes it. Keyword arguments are
``source(...)`` (another node), ``value(...)`` or plain constants; ``path`` is
the location (a path or URL), the rest go to the format's loader or saver.

``to.<format>(id=..., dependencies=[...], combine=..., **kwargs)`` and
``from_.<format>(target=..., **kwargs)`` describe nodes to add to a graph;
``with_materializers`` makes the modules that add them to a ``dagrun.Driver``.
"""

from __future__ import annotations

import datetime
import os
import time
import types
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, ClassVar

from dagrun.errors import InputError, did_you_mean
from dagrun.graph import Graph
from dagrun.io.registry import REGISTRY
from dagrun.modifiers.base import MODIFIERS_ATTR, Modifier, modifiers_of
from dagrun.node import Dependency, Node, Origin

HAMILTON_NAMES = {"file": "txt"}
"""Hamilton's format names that dagrun's registry calls otherwise."""

LOCATION_KEYS = ("path", "file", "filepath_or_buffer", "path_or_buffer", "buf", "io")
"""Where a file is: ``path=``, or as Hamilton's readers and writers name it after their
library's own argument (polars ``file=``; pandas json ``filepath_or_buffer=``, xml
``path_or_buffer=``, html ``buf=`` and ``io=``)."""

NULLABLE_BY_DEFAULT = frozenset({"csv", "parquet", "feather", "excel"})
"""Formats Hamilton's pandas readers load with ``dtype_backend="numpy_nullable"`` unless told:
a ported ``@load_from.csv`` gets ``Int64`` columns, as under Hamilton."""

LOADER_TAG = "hamilton.data_loader"
SAVER_TAG = "hamilton.data_saver"


def registry_name(name: str) -> str:
    """The registry's name for a format as Hamilton names it (``file`` -> ``txt``)."""
    return HAMILTON_NAMES.get(name, name)


def format_named(name: str, where: str) -> str:
    """``name`` once it is known to stand for a registry format.

    Raises:
        AttributeError: no such format (``load_from.nope``), listing the formats there are.
    """
    if registry_name(name) not in REGISTRY.names():
        close = did_you_mean(name, [*REGISTRY.names(), *HAMILTON_NAMES])
        raise AttributeError(
            f"{where} has no format {name!r}; the formats are "
            f"{', '.join(REGISTRY.names())} {close or ''}".rstrip()
            + " (add one with dagrun.io.register_format)"
        )
    return name


def kind_for(annotation: Any) -> str | None:
    """The kind to load as for a type (``pd.DataFrame`` -> ``pandas``); None: the format's own."""
    if not isinstance(annotation, type):
        return None
    library = annotation.__module__.partition(".")[0]
    if library in ("pandas", "polars", "numpy"):
        return library
    if annotation in (dict, list, str, bytes, int, float, bool):
        return "python"
    return None


# ---- bindings: source(...) / value(...) / constants ------------------------------------


@dataclass(frozen=True, slots=True)
class Arguments:
    """A loader's or saver's keyword arguments: constants, and those read from nodes."""

    literals: Mapping[str, Any]
    sources: Mapping[str, str]  # argument -> node name

    @classmethod
    def of(cls, kwargs: Mapping[str, Any]) -> Arguments:
        from dagrun.modifiers.dependencies import Source, Value

        literals, sources = {}, {}
        for key, given in kwargs.items():
            if isinstance(given, Source):
                sources[key] = given.name
            else:
                literals[key] = given.value if isinstance(given, Value) else given
        return cls(literals, sources)

    def check(self, where: str) -> None:
        given = [key for key in LOCATION_KEYS if key in self.literals or key in self.sources]
        if len(given) != 1:
            twice = " and ".join(f"{key}=" for key in given)
            raise InputError(
                f"{where} has {'no path' if not given else twice}",
                hint="give one path=... (a path or URL), value(...) or source('node')",
            )

    def deps(self) -> tuple[Dependency, ...]:
        return tuple(Dependency(name, Any) for name in self.sources.values())

    def resolved(self, values: Sequence[Any]) -> tuple[str, dict[str, Any]]:
        """The location and the other options, given the source nodes' values in ``deps`` order."""
        options = {**self.literals, **dict(zip(self.sources, values, strict=True))}
        key = next(key for key in LOCATION_KEYS if key in options)
        return os.fspath(options.pop(key)), options


# ---- node callables (module-level, so nodes pickle) -------------------------------------


@dataclass(frozen=True, slots=True)
class Load:
    """Reads ``path`` in ``format`` as ``kind``: ``(value, metadata)``."""

    format: str
    kind: str | None
    arguments: Arguments

    def __call__(self, *sources: Any) -> tuple[Any, dict[str, Any]]:
        from dagrun.io.formats import load
        from dagrun.io.storage import as_location

        path, options = self.arguments.resolved(sources)
        kind = self.kind or REGISTRY.get(self.format).default_kind
        if kind == "pandas" and self.format in NULLABLE_BY_DEFAULT:
            options.setdefault("dtype_backend", "numpy_nullable")
        found = load(as_location(path), self.format, kind, **options)
        return found, file_metadata(path, None, found)


@dataclass(frozen=True, slots=True)
class Select:
    """The value of a ``(value, metadata)`` pair."""

    def __call__(self, loaded: tuple[Any, Any]) -> Any:
        return loaded[0]


@dataclass(frozen=True, slots=True)
class Save:
    """Writes the value to ``path`` in ``format``: metadata of the file written."""

    format: str
    arguments: Arguments
    name: str

    def __call__(self, data: Any, *sources: Any) -> dict[str, Any]:
        from dagrun.io.formats import write_output
        from dagrun.io.storage import as_location

        path, options = self.arguments.resolved(sources)
        written = write_output(self.name, data, as_location(path), self.format, options=options)
        return file_metadata(path, written.bytes, data)


@dataclass(frozen=True, slots=True)
class Combine:
    """Builds one value of several outputs with a result builder (``combine=``)."""

    builder: Any
    names: tuple[str, ...]

    def __call__(self, *values: Any) -> Any:
        return self.builder.build_result(**dict(zip(self.names, values, strict=True)))


def made_by_io(node: Node) -> bool:
    """Whether a loader, select, saver or combine node made here (not a user's function)."""
    return isinstance(node.callable, Load | Select | Save | Combine)


def file_metadata(path: str, size: int | None, data: Any) -> dict[str, Any]:
    """What a loader or saver node reports, in Hamilton's shape (frames add their columns)."""
    local = "://" not in path and os.path.exists(path)
    found: dict[str, Any] = {
        "file_metadata": {
            "size": os.path.getsize(path) if local and size is None else size,
            "path": path,
            "last_modified": os.path.getmtime(path) if local else time.time(),
            "timestamp": datetime.datetime.now(datetime.UTC).timestamp(),
            "scheme": path.partition("://")[0] if "://" in path else "",
            "notes": "",
            "__version__": "1.0.0",
        }
    }
    columns = getattr(data, "columns", None)
    if columns is not None and hasattr(data, "dtypes"):
        found["dataframe_metadata"] = {
            "__version__": "1.0.0",
            "rows": len(data),
            "columns": len(columns),
            "column_names": list(columns),
            "datatypes": [str(t) for t in data.dtypes],
        }
    return found


# ---- the nodes ---------------------------------------------------------------------------


def loader_nodes(
    label: str,
    kind: str | None,
    arguments: Arguments,
    load_type: Any,
    names: tuple[str, str],
    param: str,
    origin: Origin,
) -> list[Node]:
    """The loader node (``names[0]``, value and metadata) and the select node (``names[1]``).

    ``label`` is the format's name as written (Hamilton's ``file``); the tags keep it.
    """
    format = registry_name(label)
    tags = {
        LOADER_TAG: True,
        f"{LOADER_TAG}.source": label,
        f"{LOADER_TAG}.classname": f"dagrun.io:{format}",
        f"{LOADER_TAG}.node": param,
    }
    pair = tuple[dict[str, Any], load_type]
    loader = Node(
        name=names[0],
        callable=Load(format, kind, arguments),
        return_type=pair,
        deps=arguments.deps(),
        origin=origin,
        doc=f"loads {param} from {format}",
        tags={**tags, f"{LOADER_TAG}.has_metadata": True},
        params=tuple(arguments.sources),
    )
    select = Node(
        name=names[1],
        callable=Select(),
        return_type=load_type,
        deps=(Dependency(names[0], pair),),
        origin=origin,
        doc=f"{param} as loaded from {format}",
        tags={**tags, f"{LOADER_TAG}.has_metadata": False},
        params=("loaded",),
    )
    return [loader, select]


def saver_node(label: str, arguments: Arguments, data: Node, name: str, origin: Origin) -> Node:
    """The node ``name`` that saves ``data``'s value in format ``label`` (as written)."""
    format = registry_name(label)
    return Node(
        name=name,
        callable=Save(format, arguments, name),
        return_type=dict[str, Any],
        deps=(Dependency(data.name, Any), *arguments.deps()),
        origin=origin,
        doc=f"saves {data.name} as {format}",
        tags={
            SAVER_TAG: True,
            f"{SAVER_TAG}.sink": label,
            f"{SAVER_TAG}.classname": f"dagrun.io:{format}",
        },
        params=("data", *arguments.sources),
    )


# ---- to / from_ ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Materializer:
    """``to.<format>(...)``: save ``dependencies`` (combined by ``combine``) as node ``id``."""

    id: str
    format: str
    dependencies: tuple[Any, ...]
    combine: Any
    arguments: Arguments

    def nodes(self, graph: Graph, names: Sequence[str]) -> list[Node]:
        """The nodes to add; ``names`` are the dependencies as node names.

        Raises:
            InputError: a dependency is not in the graph, or several are with no ``combine``.
        """
        where = f"materializer {self.id!r} (to.{self.format})"
        missing = [name for name in names if name not in graph.nodes]
        if missing:
            raise InputError(
                f"{where} depends on {', '.join(missing)}, not in the graph",
                hint=did_you_mean(missing[0], graph.nodes) or "name nodes of the flow",
            )
        origin = Origin("dagrun.io.materialize", f"to.{self.format}", 0, self.id)
        if self.combine is None:
            if len(names) != 1:
                raise InputError(
                    f"{where} saves {len(names)} nodes but has no combine=",
                    hint="pass combine=<result builder> to join them, or one dependency",
                )
            return [saver_node(self.format, self.arguments, graph.nodes[names[0]], self.id, origin)]
        output = getattr(self.combine, "output_type", None)
        joined = Node(
            name=f"{self.id}_build_result",
            callable=Combine(self.combine, tuple(names)),
            return_type=output() if callable(output) else Any,
            deps=tuple(Dependency(name, Any) for name in names),
            origin=origin,
            doc=f"builds the result for materializer {self.id}",
            params=tuple(names),
        )
        return [joined, saver_node(self.format, self.arguments, joined, self.id, origin)]


@dataclass(frozen=True, slots=True)
class Extractor:
    """``from_.<format>(target=...)``: node ``target`` is loaded instead of computed."""

    target: str
    format: str
    arguments: Arguments

    def nodes(self, graph: Graph) -> list[Node]:
        """The loader ``load_data.<target>`` and ``<target>`` itself, typed as what it replaces.

        Raises:
            InputError: no node or input ``target`` in the graph.
        """
        from dagrun import hints

        replaced = graph.nodes.get(self.target)
        external = graph.external.get(self.target)
        if replaced is not None:
            load_type = hints.resolve(replaced.return_type, replaced.namespace)
        elif external is not None:
            consumer = graph.nodes[external.consumers[0]]
            load_type = hints.resolve(external.annotation, consumer.namespace)
        else:
            raise InputError(
                f"from_.{self.format}(target={self.target!r}) names no node of the graph",
                hint=did_you_mean(self.target, [*graph.nodes, *graph.external])
                or "name a node or input of the flow",
            )
        origin = Origin("dagrun.io.materialize", f"from_.{self.format}", 0, self.target)
        names = (f"load_data.{self.target}", self.target)
        return loader_nodes(
            self.format,
            kind_for(load_type),
            self.arguments,
            load_type,
            names,
            self.target,
            origin,
        )


@dataclass(frozen=True, slots=True)
class _Formats:
    """``to``/``from_``: one factory per registry format, reached as an attribute."""

    make: Callable[[str], Callable[..., Any]]
    label: str

    def __getattr__(self, name: str) -> Callable[..., Any]:
        if name.startswith("_"):
            raise AttributeError(name)
        return self.make(format_named(name, self.label))

    def __dir__(self) -> list[str]:
        return [*REGISTRY.names(), *HAMILTON_NAMES]


def _to(format: str) -> Callable[..., Materializer]:
    def materializer(
        id: str, dependencies: Sequence[Any], combine: Any = None, **kwargs: Any
    ) -> Materializer:
        arguments = Arguments.of(kwargs)
        arguments.check(f"to.{format}(id={id!r})")
        return Materializer(id, format, tuple(dependencies), combine, arguments)

    return materializer


def _from(format: str) -> Callable[..., Extractor]:
    def extractor(target: str, **kwargs: Any) -> Extractor:
        arguments = Arguments.of(kwargs)
        arguments.check(f"from_.{format}(target={target!r})")
        return Extractor(target, format, arguments)

    return extractor


to = _Formats(_to, "to")
"""``to.json(id=..., dependencies=[...], path=...)``: a node that saves outputs."""
from_ = _Formats(_from, "from_")
"""``from_.csv(target=..., path=...)``: a node loaded from a file instead of computed."""


# ---- adding the nodes to a driver's modules ------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Made(Modifier):
    """A creator record that stands for nodes made elsewhere (materializers)."""

    made: tuple[Node, ...]
    stage: ClassVar[str] = "create"

    def create(self, fn: Callable[..., Any], config: Mapping[str, Any], name: str) -> list[Node]:
        return list(self.made)


@dataclass(frozen=True, slots=True)
class _Dropped(Modifier):
    """An annotate record that leaves out nodes a loader now makes (``from_``)."""

    names: frozenset[str]
    stage: ClassVar[str] = "annotate"

    def apply(
        self, nodes: list[Node], fn: Callable[..., Any], config: Mapping[str, Any]
    ) -> list[Node]:
        return [node for node in nodes if node.name not in self.names]


@dataclass(frozen=True, slots=True)
class Materialized:
    """The modules that make a graph with materializers and extractors added."""

    modules: tuple[types.ModuleType, ...]
    saver_ids: tuple[str, ...]


def with_materializers(
    modules: Sequence[types.ModuleType],
    graph: Graph,
    items: Sequence[Materializer | Extractor],
    names_of: Callable[[Sequence[Any]], list[str]],
) -> Materialized:
    """``modules`` made to add ``items`` to ``graph``; ``names_of`` turns dependencies into names.

    Extracted nodes are left out of the functions that made them; one more
    module makes the new nodes. The given modules are not changed.

    Raises:
        InputError: an item names nodes not in the graph, or is not a materializer.
    """
    made: list[Node] = []
    saver_ids = []
    for item in items:
        if isinstance(item, Materializer):
            made.extend(item.nodes(graph, names_of(item.dependencies)))
            saver_ids.append(item.id)
        elif isinstance(item, Extractor):
            made.extend(item.nodes(graph))
        else:
            raise InputError(
                f"{type(item).__name__} {item!r:.60} is not a materializer",
                hint="pass to.<format>(...) or from_.<format>(...)",
            )
    targets = {item.target for item in items if isinstance(item, Extractor)}
    kept = tuple(_without(module, graph, targets) for module in modules) if targets else modules
    return Materialized((*kept, _module_making(made)), tuple(saver_ids))


def _without(module: types.ModuleType, graph: Graph, names: set[str]) -> types.ModuleType:
    """A stand-in for ``module`` whose functions no longer make the nodes ``names``."""
    makers = {
        node.origin.function
        for node in graph.nodes.values()
        if node.name in names and node.origin.module == module.__name__
    }
    if not makers:
        return module
    stand_in = types.ModuleType(module.__name__, module.__doc__)
    stand_in.__dict__.update(vars(module))
    for name in makers & set(vars(module)):
        stand_in.__dict__[name] = _recorded_copy(vars(module)[name], _Dropped(frozenset(names)))
    return stand_in


def _recorded_copy(fn: Any, record: Any) -> Any:
    """A copy of ``fn`` with one more decorator record; ``fn`` itself is untouched."""
    copy = types.FunctionType(
        fn.__code__, fn.__globals__, fn.__name__, fn.__defaults__, fn.__closure__
    )
    copy.__dict__.update(fn.__dict__)
    copy.__dict__[MODIFIERS_ATTR] = [*modifiers_of(fn), record]
    for attribute in ("__kwdefaults__", "__annotations__", "__module__", "__qualname__", "__doc__"):
        setattr(copy, attribute, getattr(fn, attribute))
    return copy


def _module_making(nodes: list[Node]) -> types.ModuleType:
    """A module whose one function stands for ``nodes``."""
    module = types.ModuleType("dagrun.materialized", "nodes added by materializers")

    def materialized() -> None:
        """Stands for the materializers' nodes."""

    materialized.__module__ = module.__name__
    materialized.__dict__[MODIFIERS_ATTR] = [_Made(tuple(nodes))]
    module.materialized = materialized  # type: ignore[attr-defined]
    return module
