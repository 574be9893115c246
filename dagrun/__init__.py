"""dagrun: declarative Python functions to a validated DAG to results, fast.

A function's name is the value it produces; its parameters are the values it
needs. ``Driver`` builds and validates the graph; ``dagrun execute`` runs it
from a YAML run file. Importing dagrun loads no pandas, networkx or pydantic.
"""

from dagrun.driver import Driver
from dagrun.errors import DagrunError, DataValidationError, GraphError, InputError, NodeError
from dagrun.node import NodeInfo

__version__ = "0.1.0"

__all__ = [
    "DagrunError",
    "DataValidationError",
    "Driver",
    "GraphError",
    "InputError",
    "NodeError",
    "NodeInfo",
    "__version__",
]
