"""DaskGraphAdapter with nodes returning dask collections: @check_output checks them
computed, values stay dask collections. Guarded by __main__ (worker processes)."""

import logging

import flow
from dask.distributed import Client, LocalCluster
from hamilton import base, driver
from hamilton.plugins import h_dask
from show import emit

logging.disable(logging.CRITICAL)


def computed(outputs):
    return {
        name: {"type": type(value).__name__, "value": value.compute()}
        if hasattr(value, "compute")
        else value
        for name, value in outputs.items()
    }


def main():
    with LocalCluster(n_workers=2, threads_per_worker=2, dashboard_address=None) as cluster:
        with Client(cluster) as client:
            adapter = h_dask.DaskGraphAdapter(client, base.DictResult())
            dr = driver.Driver({}, flow, adapter=adapter)
            emit(
                values=computed(
                    dr.execute(["mean_age", "shifted", "kind_of_mean"], inputs={"n": 7})
                )
            )


if __name__ == "__main__":
    main()
