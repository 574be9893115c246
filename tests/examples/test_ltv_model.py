"""flows/ltv_model.py: split, fit, evaluate and predict as plain functions, and the CLI."""

from __future__ import annotations

import json
import pickle

import numpy as np
import pandas as pd
import pytest
from example_support import DATA, execute, load_flow, read_run_record

ltv = load_flow("ltv_model")
DB = str(DATA / "customers.db")


def _linear_frame(rows: int = 200, seed: int = 1) -> pd.DataFrame:
    """Two features and a target that is an exact linear function of them."""
    rng = np.random.default_rng(seed)
    frame = pd.DataFrame({"x": rng.normal(size=rows), "y": rng.normal(size=rows)})
    frame.index.name = "client_id"
    return frame.assign(ltv_12m=3 * frame.x - 2 * frame.y + 10)


def test_ltv_labels_read_one_value_per_client():
    """The label loader returns a Series named ltv_12m with the database's 1,000 clients."""
    labels = ltv.ltv_labels(DB)
    assert labels.name == "ltv_12m"
    assert labels.index.is_unique and len(labels) == 1000
    assert (labels >= 0).all()


def test_training_frame_keeps_only_clients_with_a_label():
    """Clients without a label are left out rather than trained on as missing values."""
    features = pd.DataFrame({"f": [1.0, 2.0, 3.0]}, index=[1, 2, 3])
    labels = pd.Series([10.0, 30.0], index=[1, 3], name="ltv_12m")
    frame = ltv.training_frame(features, labels)
    assert frame.index.tolist() == [1, 3]
    assert frame["ltv_12m"].tolist() == [10.0, 30.0]


def test_data_split_is_disjoint_sized_and_repeatable():
    """The split covers every row once, honours test_fraction and repeats with the seed."""
    frame = _linear_frame(100)
    split = ltv.data_split(frame, test_fraction=0.2, split_seed=3)
    assert len(split["test_set"]) == 20 and len(split["train_set"]) == 80
    assert set(split["train_set"].index).isdisjoint(split["test_set"].index)
    again = ltv.data_split(frame, test_fraction=0.2, split_seed=3)
    assert again["test_set"].index.equals(split["test_set"].index)


@pytest.mark.parametrize(
    ("kind", "hyperparameters"),
    [
        ("ridge", {"alpha": 0.001}),
        ("random_forest", {"n_estimators": 30, "random_state": 0}),
        ("gradient_boosting", {"n_estimators": 100, "random_state": 0}),
    ],
)
def test_each_model_variant_learns_a_linear_target(kind, hyperparameters):
    """Every variant fitted by fitted_model explains most of a clean linear target."""
    split = ltv.data_split(_linear_frame(400), 0.25, 0)
    model = ltv.fitted_model(split["train_set"], kind, hyperparameters)
    assert ltv.held_out_metrics(model, split["test_set"])["r2"] > 0.8


def test_metrics_name_the_variant_with_the_best_r2():
    """The model with the best held-out R² is named best, and model__train returns it."""
    split = ltv.data_split(_linear_frame(300), 0.25, 0)
    train, test = split["train_set"], split["test_set"]
    good = ltv.fitted_model(train, "ridge", {"alpha": 0.001})
    weak = ltv.fitted_model(train, "random_forest", {"n_estimators": 2, "max_depth": 1})
    scores = [ltv.held_out_metrics(model, test) for model in (weak, weak, good)]
    report = ltv.metrics(*scores, test)
    assert report["best"] == "boosting_model"
    assert report["variants"]["boosting_model"]["r2"] == pytest.approx(1.0)
    assert report["test_rows"] == len(test)
    assert ltv.model__train(report, weak, weak, good) is good


def test_model_from_file_says_how_to_train_one_when_missing(tmp_path):
    """A missing model file is an error that names the training command."""
    with pytest.raises(FileNotFoundError, match=r"configs/ltv_model\.yaml"):
        ltv.model__file(str(tmp_path / "model.pkl"))


def test_predictions_keep_the_client_index():
    """predictions(features, model) returns one prediction per client, indexed like features."""
    split = ltv.data_split(_linear_frame(100), 0.25, 0)
    model = ltv.fitted_model(split["train_set"], "ridge", {"alpha": 0.001})
    features = split["test_set"].drop(columns="ltv_12m")
    out = ltv.predictions(features, model)
    assert out.index.equals(features.index)
    expected = 3 * features.x - 2 * features.y + 10
    assert np.allclose(out["predicted_ltv_12m"], expected, atol=0.05)


# ---- end to end through the dagrun executable -------------------------------------------


def test_training_run_writes_metrics_model_and_predictions_then_serves_online(tmp_path):
    """ltv_model.yaml trains and saves a model; ltv_model_online.yaml scores one client with it."""
    train_dir, online_dir = tmp_path / "train", tmp_path / "online"
    execute("ltv_model.yaml", train_dir)
    metrics = json.loads((train_dir / "metrics.json").read_text())
    assert set(metrics["variants"]) == {"ridge_model", "forest_model", "boosting_model"}
    assert metrics["variants"][metrics["best"]]["r2"] > 0.8
    with (train_dir / "model.pkl").open("rb") as handle:
        assert hasattr(pickle.load(handle), "predict")
    batch = pd.read_parquet(train_dir / "predictions.parquet")
    assert len(batch) == 1000

    execute(
        "ltv_model_online.yaml",
        online_dir,
        "-i",
        "client_id=7",
        "-i",
        f"model_path={train_dir / 'model.pkl'}",
    )
    online = pd.read_csv(online_dir / "predictions.csv", index_col="client_id")
    assert online.loc[7, "predicted_ltv_12m"] == pytest.approx(batch.loc[7, "predicted_ltv_12m"])
    assert "ridge_model" not in read_run_record(online_dir)["nodes"]  # nothing was trained
