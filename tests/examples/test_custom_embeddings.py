"""flows/custom_embeddings.py: embedding, the projection's gradient and training, and the CLI."""

from __future__ import annotations

import json

import numpy as np
import openai
import pandas as pd
import pytest
from example_support import DATA, execute, load_flow, read_run_record
from openai_server import hashed_embedding

ce = load_flow("custom_embeddings")
PAIRS = ce.pairs(str(DATA / "embedding_pairs.csv"))


def _toy_pairs() -> tuple[pd.DataFrame, list[str], np.ndarray]:
    """Four texts in 3-d: 'a' texts share axis 0 and 'b' texts axis 1; axis 2 is noise."""
    corpus = ["a1", "a2", "b1", "b2"]
    vectors = np.array([[1.0, 0.0, 1.0], [1.0, 0.0, -1.0], [0.0, 1.0, 1.0], [0.0, 1.0, -1.0]])
    pairs = pd.DataFrame(
        {
            "text_1": ["a1", "b1", "a1", "a2"],
            "text_2": ["a2", "b2", "b2", "b1"],
            "label": [1, 1, -1, -1],
        }
    )
    return pairs, corpus, vectors / np.linalg.norm(vectors, axis=1, keepdims=True)


def test_pairs_rejects_labels_other_than_plus_and_minus_one(tmp_path):
    """A label of 0 is an error naming the file, not a silently ignored pair."""
    path = tmp_path / "pairs.csv"
    path.write_text("text_1,text_2,label\na,b,0\n")
    with pytest.raises(ValueError, match="labels must be 1 or -1"):
        ce.pairs(str(path))


def test_pair_split_holds_out_a_fraction_of_pairs():
    """The test pairs are test_fraction of the pairs and none of them is trained on."""
    split = ce.pair_split(PAIRS, test_fraction=0.3, split_seed=1)
    assert len(split["test_pairs"]) == round(0.3 * len(PAIRS))
    assert set(split["train_pairs"].index).isdisjoint(split["test_pairs"].index)


def test_corpus_lists_each_text_once_in_first_seen_order():
    """Texts shared by pairs and new texts are embedded once."""
    pairs = pd.DataFrame({"text_1": ["x", "y"], "text_2": ["y", "z"], "label": [1, -1]})
    assert ce.corpus(pairs, ["z", "w"]) == ["x", "y", "z", "w"]


def test_lsa_embeddings_are_unit_rows_and_group_topics():
    """LSA gives one unit vector per text; same-topic pairs score higher on average."""
    corpus = ce.corpus(PAIRS, [])
    vectors = ce.embeddings__lsa(corpus, lsa_dimensions=24)
    assert vectors.shape == (len(corpus), 24)
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0)
    report = ce._separation(ce._cosines(*ce._pair_vectors(PAIRS, corpus, vectors)[:2]),
                            PAIRS["label"].to_numpy())  # fmt: skip
    assert report["separation"] > 0


def test_loss_gradient_matches_finite_differences():
    """The analytic gradient of the cosine loss agrees with a numerical one."""
    rng = np.random.default_rng(0)
    first, second = rng.normal(size=(6, 4)), rng.normal(size=(6, 4))
    labels = np.array([1, -1, 1, -1, 1, -1], dtype=float)
    weights = np.eye(4) + 0.1 * rng.normal(size=(4, 4))

    def loss(w):
        return np.mean((ce._cosines(first @ w, second @ w) - labels) ** 2)

    numeric = np.zeros_like(weights)
    for index in np.ndindex(weights.shape):
        step = np.zeros_like(weights)
        step[index] = 1e-6
        numeric[index] = (loss(weights + step) - loss(weights - step)) / 2e-6
    assert np.allclose(ce._loss_gradient(weights, first, second, labels), numeric, atol=1e-6)


def test_projection_learns_to_ignore_the_noise_axis():
    """On toy pairs the projection separates similar from dissimilar far better than raw."""
    pairs, corpus, vectors = _toy_pairs()
    weights = ce.projection(pairs, corpus, vectors, epochs=500, learning_rate=0.5)
    report = ce.separation_report(pairs, corpus, vectors, weights)
    assert report["raw"]["separation"] == pytest.approx(0.5)
    assert report["projected"]["separation"] > 1.5
    assert report["separation_gain"] > 1.0


def test_zero_epochs_is_the_raw_space():
    """Training starts from the identity, so no training means no change."""
    pairs, corpus, vectors = _toy_pairs()
    assert np.array_equal(ce.projection(pairs, corpus, vectors, epochs=0), np.eye(3))


def test_new_texts_are_projected_and_matched_to_a_known_text():
    """Each new text gets a unit vector in the learned space and its nearest known text."""
    pairs, corpus, vectors = _toy_pairs()
    corpus, vectors = [*corpus, "new"], np.vstack([vectors, [0.9, 0.1, 0.0]])
    weights = ce.projection(pairs, corpus, vectors, epochs=200)
    projected = ce.projected_new_texts(["new"], corpus, vectors, weights)
    assert np.allclose(np.linalg.norm(projected, axis=1), 1.0)
    table = ce.new_text_neighbours(["new"], projected, pairs, corpus, vectors, weights)
    assert table.loc[0, "nearest_known_text"] in {"a1", "a2"}


def test_openai_embeddings_are_fetched_in_batches_and_kept_in_order(api):
    """Texts go to the embeddings route in batch_size groups; rows match the corpus order."""
    client = openai.OpenAI(api_key="test", base_url=api.url, max_retries=0)
    corpus = ["red apples", "green apples", "stock markets", "bond markets", "apples"]
    vectors = ce.embeddings__openai(corpus, client, embedding_model="emb-1", batch_size=2)
    assert [len(r.body["input"]) for r in api.requests] == [2, 2, 1]
    assert {r.body["model"] for r in api.requests} == {"emb-1"}
    expected = np.array([hashed_embedding(text, 64) for text in corpus])
    assert np.allclose(vectors, expected, atol=1e-6)


# ---- end to end through the dagrun executable -------------------------------------------


def test_offline_run_file_reports_a_separation_gain(tmp_path):
    """configs/custom_embeddings.yaml writes the report, the projection and projected texts."""
    execute("custom_embeddings.yaml", tmp_path)
    report = json.loads((tmp_path / "separation_report.json").read_text())
    assert report["projected"]["separation"] > report["raw"]["separation"]
    weights = np.load(tmp_path / "projection.npy")
    assert weights.shape == (48, 48)
    assert np.load(tmp_path / "projected_new_texts.npy").shape == (6, 48)
    neighbours = pd.read_csv(tmp_path / "new_text_neighbours.csv")
    assert neighbours["text"].tolist() == ce.new_texts(str(DATA / "new_texts.txt"))


def test_openai_embedder_run_uses_the_embeddings_route(tmp_path, api):
    """With embedder=openai every text is embedded by the API, retried past a 500."""
    api.fail_next(500)
    execute(
        "custom_embeddings.yaml",
        tmp_path,
        "--set",
        "embedder=openai",
        "-i",
        f"base_url={api.url}",
        env={"OPENAI_API_KEY": "test-key"},
    )
    assert set(api.routes()) == {"/v1/embeddings"}
    assert len(api.requests) == 2  # the failed attempt and its retry, one batch each
    assert read_run_record(tmp_path)["nodes"]["embeddings"]["attempts"] == 2
    assert np.load(tmp_path / "projection.npy").shape == (64, 64)
