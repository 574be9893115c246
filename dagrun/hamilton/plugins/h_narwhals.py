"""Hamilton's ``hamilton.plugins.h_narwhals``: the result builder that unwraps narwhals values.

``NarwhalsAdapter`` changes how each node is called, which dagrun does not let
an adapter do; decorate the functions with ``@narwhals.narwhalify`` instead
(dagrun reads the parameters through it).
"""

from __future__ import annotations

from typing import Any

from dagrun.hamilton._support import refusing
from dagrun.hamilton.lifecycle.api import ResultBuilder

__all__ = ["NarwhalsDataFrameResultBuilder"]


class NarwhalsDataFrameResultBuilder(ResultBuilder):
    """Hands ``result_builder`` the outputs with narwhals frames and series made native again."""

    def __init__(self, result_builder: Any) -> None:
        self.result_builder = result_builder

    def build_result(self, **outputs: Any) -> Any:
        import narwhals as nw

        native = {
            name: nw.to_native(value) if isinstance(value, nw.DataFrame | nw.Series) else value
            for name, value in outputs.items()
        }
        return self.result_builder.build_result(**native)

    def output_type(self) -> Any:
        return self.result_builder.output_type()


__getattr__ = refusing(
    __name__,
    {
        "NarwhalsAdapter": "decorate the functions with @narwhals.narwhalify "
        "(with eager_only=True where the node's tag nw_kwargs asked for it)",
    },
)
