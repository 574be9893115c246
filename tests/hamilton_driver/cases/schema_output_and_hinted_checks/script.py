"""@schema.output's tag, and the nodes and tags of h_pydantic / h_pandera checks, as
list_available_variables() shows them; then a run."""

import logging
import warnings

import flow
from hamilton import driver
from show import emit

logging.disable(logging.CRITICAL)
warnings.simplefilter("ignore")
dr = driver.Builder().with_modules(flow).build()
nodes = {
    v.name: {k: val for k, val in v.tags.items() if k != "module"}
    for v in dr.list_available_variables()
}
result = dr.execute(["point", "point_dict", "people", "empty_schema"], inputs={"n": 2})
emit(
    nodes=dict(sorted(nodes.items())),
    point=result["point"].model_dump(),
    point_dict=result["point_dict"],
    people=result["people"],
)
