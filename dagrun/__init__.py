"""dagrun: declarative Python functions to a validated DAG to results, fast.

A function's name is the value it produces; its parameters are the values it
needs. ``Driver`` builds and validates the graph; ``dagrun execute`` runs it
from a YAML run file. Importing dagrun loads no pandas, networkx or pydantic.
"""

from dagrun.driver import Driver
from dagrun.errors import DagrunError, DataValidationError, GraphError, InputError, NodeError
from dagrun.modifiers.runtime import retry, timeout
from dagrun.node import NodeInfo
from dagrun.parallel import Collect, Parallelizable

__version__ = "0.1.0"

__all__ = [
    "Collect",
    "DagrunError",
    "DataValidationError",
    "Driver",
    "GraphError",
    "InputError",
    "NodeError",
    "NodeInfo",
    "Parallelizable",
    "__version__",
    "retry",
    "timeout",
]
