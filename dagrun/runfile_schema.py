"""The run file's schema (SPEC §2) as pydantic models; imported only to check a run file.

Every model forbids unknown keys, so a typo is an error rather than a silently
ignored setting. ``outputs`` entries come in three spellings (a path, ``null``,
or ``{path, format}``) and are normalised to one model before validation.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, PositiveFloat, PositiveInt, field_validator


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class OutputModel(_Strict):
    """One output's file: a path (relative to ``out_dir``) or URL, a format, saver options."""

    path: str | None = None
    format: str | None = None  # a name in dagrun.io's registry, checked when the file is read
    write: bool = True
    options: dict[str, Any] = Field(default_factory=dict)


class ExecutorModel(_Strict):
    """The executor: its kind, worker count and (for dask) the scheduler address."""

    kind: Literal["sequential", "threads", "processes", "dask"] = "sequential"
    workers: PositiveInt | None = None
    address: str | None = None


class CacheModel(_Strict):
    """The content-addressed cache switch."""

    enabled: bool = True


class RetryModel(_Strict):
    """A node's retry policy from the run file; replaces its ``@retry``."""

    times: int = 3
    on: str | list[str] = "Exception"
    backoff: float = 0.5
    max_backoff: float = 30.0
    jitter: bool = True


class RunFileModel(_Strict):
    """A whole run file."""

    raw_modules: str | list[str] = Field(default_factory=list, alias="modules")
    config: dict[str, Any] = Field(default_factory=dict)
    inputs: dict[str, Any] = Field(default_factory=dict)
    secrets: dict[str, str] = Field(default_factory=dict)
    overrides: dict[str, Any] = Field(default_factory=dict)
    outputs: dict[str, OutputModel] | None = None
    out_dir: str | None = None
    executor: ExecutorModel = Field(default_factory=ExecutorModel)
    cache: CacheModel = Field(default_factory=CacheModel)
    pools: dict[str, PositiveInt] = Field(default_factory=dict)
    retries: dict[str, RetryModel] = Field(default_factory=dict)
    timeouts: dict[str, PositiveFloat] = Field(default_factory=dict)

    @field_validator("outputs", mode="before")
    @classmethod
    def _normalise_outputs(cls, value: Any) -> Any:
        if isinstance(value, list) and all(isinstance(name, str) for name in value):
            return {name: {} for name in value}
        if isinstance(value, dict):
            return {name: _output_entry(entry) for name, entry in value.items()}
        return value

    def module_list(self) -> list[str]:
        """The modules as a list, whether the file gave one name or several."""
        return [self.raw_modules] if isinstance(self.raw_modules, str) else list(self.raw_modules)


def _output_entry(entry: Any) -> Any:
    if entry is None:
        return {"write": False}
    if isinstance(entry, str):
        return {"path": entry}
    return entry


_MODELS: dict[str, type[BaseModel]] = {
    "": RunFileModel,
    "executor": ExecutorModel,
    "cache": CacheModel,
}


def field_names(parent: tuple[Any, ...]) -> list[str]:
    """The keys allowed at a key path, for "did you mean" hints."""
    if len(parent) == 2 and parent[0] == "outputs":
        model: type[BaseModel] = OutputModel
    elif len(parent) == 2 and parent[0] == "retries":
        model = RetryModel
    else:
        model = _MODELS.get(".".join(str(p) for p in parent), RunFileModel)
    return [info.alias or name for name, info in model.model_fields.items()]
