"""Lifetime-value model: train on the customer features, evaluate, keep the best, predict.

Run together with ``flows/customer_features.py``, which provides ``features``.
Three scikit-learn regressors are trained on one split, each a variant of one
function (``@parameterize``) with its hyperparameters from the run file's
config (``ridge_params``, ``forest_params``, ``boosting_params``). Their test
metrics go to one JSON document; the best model is the artifact ``model`` and
``predictions(features, model)`` scores every client.

With ``config: {model_source: file}`` the model is read from ``model_path``
instead of trained, so the online feature path can serve predictions too.
"""

from __future__ import annotations

import pickle
import sqlite3
from contextlib import closing
from pathlib import Path

import numpy as np
import pandas as pd

from dagrun import cache, config, extract_fields, parameterize, source, tag, value

TARGET = "ltv_12m"


@cache(behavior="recompute")  # the file may change under the same path: read it again
def ltv_labels(db_path: str) -> pd.Series:
    """What each client spent in the year after the features were taken, by client_id."""
    with closing(sqlite3.connect(f"file:{db_path}?mode=ro", uri=True)) as db:
        rows = pd.read_sql_query("SELECT client_id, ltv_12m FROM lifetime_value", db)
    return rows.set_index("client_id")[TARGET]


def training_frame(features: pd.DataFrame, ltv_labels: pd.Series) -> pd.DataFrame:
    """Features and the target side by side, for the clients that have both."""
    return features.join(ltv_labels, how="inner")


@extract_fields({"train_set": pd.DataFrame, "test_set": pd.DataFrame})
def data_split(
    training_frame: pd.DataFrame, test_fraction: float = 0.25, split_seed: int = 7
) -> dict:
    """A random train/test split of the clients; the seed makes it the same every run."""
    from sklearn.model_selection import train_test_split

    train, test = train_test_split(training_frame, test_size=test_fraction, random_state=split_seed)
    return {"train_set": train, "test_set": test}


def _estimator(kind: str, hyperparameters: dict):
    """A scikit-learn pipeline for ``kind``; ridge regression gets scaled inputs."""
    from sklearn.ensemble import GradientBoostingRegressor, RandomForestRegressor
    from sklearn.linear_model import Ridge
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler

    kinds = {
        "ridge": lambda: make_pipeline(StandardScaler(), Ridge(**hyperparameters)),
        "random_forest": lambda: RandomForestRegressor(**hyperparameters),
        "gradient_boosting": lambda: GradientBoostingRegressor(**hyperparameters),
    }
    return kinds[kind]()


@tag(stage="training")
@parameterize(
    ridge_model={"kind": value("ridge"), "hyperparameters": source("ridge_params")},
    forest_model={"kind": value("random_forest"), "hyperparameters": source("forest_params")},
    boosting_model={
        "kind": value("gradient_boosting"),
        "hyperparameters": source("boosting_params"),
    },
)
def fitted_model(train_set: pd.DataFrame, kind: str, hyperparameters: dict) -> object:
    """A {kind} regressor fitted to the training clients' features and ltv_12m."""
    estimator = _estimator(kind, dict(hyperparameters))
    return estimator.fit(train_set.drop(columns=TARGET), train_set[TARGET])


@tag(stage="evaluation")
@parameterize(
    ridge_metrics={"model": source("ridge_model")},
    forest_metrics={"model": source("forest_model")},
    boosting_metrics={"model": source("boosting_model")},
)
def held_out_metrics(model: object, test_set: pd.DataFrame) -> dict:
    """R², mean absolute error and root mean squared error of {model} on held-out clients."""
    from sklearn.metrics import mean_absolute_error, mean_squared_error, r2_score

    truth = test_set[TARGET]
    guess = model.predict(test_set.drop(columns=TARGET))
    return {
        "r2": float(r2_score(truth, guess)),
        "mae": float(mean_absolute_error(truth, guess)),
        "rmse": float(np.sqrt(mean_squared_error(truth, guess))),
    }


@tag(stage="evaluation")
def metrics(
    ridge_metrics: dict, forest_metrics: dict, boosting_metrics: dict, test_set: pd.DataFrame
) -> dict:
    """Each variant's held-out metrics, the winner by R², and the test size."""
    variants = {
        "ridge_model": ridge_metrics,
        "forest_model": forest_metrics,
        "boosting_model": boosting_metrics,
    }
    best = max(variants, key=lambda name: variants[name]["r2"])
    return {"variants": variants, "best": best, "test_rows": len(test_set)}


@config.default
def model__train(
    metrics: dict, ridge_model: object, forest_model: object, boosting_model: object
) -> object:
    """The variant with the best test R²: the artifact to ship."""
    candidates = {
        "ridge_model": ridge_model,
        "forest_model": forest_model,
        "boosting_model": boosting_model,
    }
    return candidates[metrics["best"]]


@cache(behavior="recompute")  # the file may change under the same path: read it again
@config.when(model_source="file")
def model__file(model_path: str) -> object:
    """A model written by an earlier training run (only load files you trust: it is a pickle).

    Raises:
        FileNotFoundError: no model at ``model_path``; the message says how to train one.
    """
    path = Path(model_path)
    if not path.is_file():
        raise FileNotFoundError(
            f"no trained model at {path}: train one first with "
            "`dagrun execute configs/ltv_model.yaml`"
        )
    with path.open("rb") as handle:
        return pickle.load(handle)


def predictions(features: pd.DataFrame, model: object) -> pd.DataFrame:
    """Predicted ltv_12m for every client in ``features``, indexed by client_id."""
    predicted = model.predict(features)
    return pd.DataFrame({"predicted_ltv_12m": predicted}, index=features.index)
