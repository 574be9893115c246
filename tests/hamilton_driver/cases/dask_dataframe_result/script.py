"""DaskGraphAdapter with DaskDataFrameResult: a lazy dask DataFrame without
compute_at_end, a computed pandas one with it, the graph drawn by visualize_kwargs.
Guarded by __main__ (worker processes)."""

import logging
import os
import tempfile

import flow
from dask.distributed import Client, LocalCluster
from hamilton import driver
from hamilton.plugins import h_dask
from show import emit

logging.disable(logging.CRITICAL)
OUTPUTS = ["spend", "signups", "spend_per_signup", "spend_mean", "ratios", "label"]


def run(client, drawing=None, **settings):
    visualize = {"filename": drawing, "format": "png"} if drawing else None
    adapter = h_dask.DaskGraphAdapter(
        client, h_dask.DaskDataFrameResult(), visualize_kwargs=visualize, **settings
    )
    dr = driver.Driver({"partitions": 2}, flow, adapter=adapter)
    return dr.execute(OUTPUTS)


def described(result):
    return {"type": type(result).__name__, "frame": result.compute()}


def main():
    with LocalCluster(n_workers=2, threads_per_worker=1, dashboard_address=None) as cluster:
        with Client(cluster) as client, tempfile.TemporaryDirectory() as folder:
            drawing = os.path.join(folder, "graph.png")
            lazy = run(client, drawing, use_delayed=False, compute_at_end=False)
            delayed = run(client, use_delayed=True, compute_at_end=True)
            computed = run(client, use_delayed=False, compute_at_end=True)
            emit(
                lazy=described(lazy),
                drawn=any(name.startswith("graph") for name in os.listdir(folder)),
                delayed=described(delayed),
                computed={"type": type(computed).__name__, "frame": computed},
            )


if __name__ == "__main__":
    main()
