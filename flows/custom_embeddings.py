"""Custom embeddings: learn a projection that pulls similar texts together.

Pairs of texts labelled similar (1) or dissimilar (-1) are embedded, a linear
projection is trained on part of the pairs so that cosine similarity in the
projected space matches the labels, and the held-out pairs show how much better
the projected space separates them than the raw one. New texts are then
projected into the learned space.

``config: {embedder: lsa}`` embeds offline (TF-IDF and truncated SVD, latent
semantic analysis, fitted on the texts themselves); ``embedder: openai`` asks
an OpenAI-compatible embeddings API (``flows/openai_client.py``).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import openai
import pandas as pd

from dagrun import cache, config, extract_fields, retry, tag, timeout

RETRYABLE = (
    openai.RateLimitError,
    openai.APIConnectionError,
    openai.InternalServerError,
    TimeoutError,
)


@cache(behavior="recompute")  # the file may change under the same path: read it again
def pairs(pairs_path: str) -> pd.DataFrame:
    """The labelled pairs: columns text_1, text_2 and label (1 similar, -1 not)."""
    frame = pd.read_csv(pairs_path)
    bad = set(frame["label"]) - {1, -1}
    if bad:
        raise ValueError(f"labels must be 1 or -1, found {sorted(bad)} in {pairs_path}")
    return frame


@cache(behavior="recompute")  # the file may change under the same path: read it again
def new_texts(new_texts_path: str) -> list[str]:
    """Texts to project after training, one a line."""
    lines = Path(new_texts_path).read_text(encoding="utf-8").splitlines()
    return [line.strip() for line in lines if line.strip()]


@extract_fields({"train_pairs": pd.DataFrame, "test_pairs": pd.DataFrame})
def pair_split(pairs: pd.DataFrame, test_fraction: float = 0.3, split_seed: int = 7) -> dict:
    """Pairs to train the projection on, and pairs held out to judge it."""
    test = pairs.sample(frac=test_fraction, random_state=split_seed)
    return {"train_pairs": pairs.drop(test.index), "test_pairs": test}


def corpus(pairs: pd.DataFrame, new_texts: list[str]) -> list[str]:
    """Every distinct text to embed, in first-seen order, so each is embedded once."""
    return list(dict.fromkeys([*pairs["text_1"], *pairs["text_2"], *new_texts]))


@config.when(embedder="lsa")
def embeddings__lsa(corpus: list[str], lsa_dimensions: int = 48, lsa_seed: int = 7) -> np.ndarray:
    """One unit-length row per corpus text: TF-IDF reduced by truncated SVD."""
    from sklearn.decomposition import TruncatedSVD
    from sklearn.feature_extraction.text import TfidfVectorizer

    tfidf = TfidfVectorizer(stop_words="english", sublinear_tf=True).fit_transform(corpus)
    dims = min(lsa_dimensions, tfidf.shape[1] - 1)
    reduced = TruncatedSVD(n_components=dims, random_state=lsa_seed).fit_transform(tfidf)
    return _unit_rows(reduced)


@tag(pool="openai")
@retry(times=4, on=RETRYABLE, backoff=0.5)
@timeout(seconds=120)
@config.when(embedder="openai")
def embeddings__openai(
    corpus: list[str],
    openai_client: openai.OpenAI,
    embedding_model: str = "text-embedding-3-small",
    batch_size: int = 256,
) -> np.ndarray:
    """One unit-length row per corpus text, from the embeddings API in batches."""
    rows: list[list[float]] = []
    for start in range(0, len(corpus), batch_size):
        batch = corpus[start : start + batch_size]
        response = openai_client.embeddings.create(model=embedding_model, input=batch)
        rows.extend(item.embedding for item in sorted(response.data, key=lambda d: d.index))
    return _unit_rows(np.asarray(rows, dtype=float))


def _unit_rows(matrix: np.ndarray) -> np.ndarray:
    norms = np.linalg.norm(matrix, axis=1, keepdims=True)
    return matrix / np.where(norms > 0, norms, 1.0)


def _pair_vectors(
    frame: pd.DataFrame, corpus: list[str], embeddings: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The embeddings of each pair's two texts, and the labels."""
    row = {text: i for i, text in enumerate(corpus)}
    first = embeddings[[row[t] for t in frame["text_1"]]]
    second = embeddings[[row[t] for t in frame["text_2"]]]
    return first, second, frame["label"].to_numpy(dtype=float)


def _cosines(first: np.ndarray, second: np.ndarray) -> np.ndarray:
    norms = np.linalg.norm(first, axis=1) * np.linalg.norm(second, axis=1)
    return np.einsum("ij,ij->i", first, second) / np.where(norms > 0, norms, 1.0)


def projection(
    train_pairs: pd.DataFrame,
    corpus: list[str],
    embeddings: np.ndarray,
    epochs: int = 300,
    learning_rate: float = 0.5,
) -> np.ndarray:
    """A square matrix W such that cos(aW, bW) approaches each training pair's label.

    Full-batch gradient descent on the mean squared error between the cosine
    and the label, starting from the identity, so epoch 0 is the raw space.
    """
    first, second, labels = _pair_vectors(train_pairs, corpus, embeddings)
    weights = np.eye(embeddings.shape[1])
    for _ in range(epochs):
        weights -= learning_rate * _loss_gradient(weights, first, second, labels)
    return weights


def _loss_gradient(
    weights: np.ndarray, first: np.ndarray, second: np.ndarray, labels: np.ndarray
) -> np.ndarray:
    """d/dW of mean((cos(aW, bW) - label)^2)."""
    u, v = first @ weights, second @ weights
    nu = np.linalg.norm(u, axis=1, keepdims=True)
    nv = np.linalg.norm(v, axis=1, keepdims=True)
    cos = np.sum(u * v, axis=1, keepdims=True) / (nu * nv)
    outer = 2 * (cos - labels[:, None]) / len(labels)
    d_u = outer * (v / (nu * nv) - cos * u / nu**2)
    d_v = outer * (u / (nu * nv) - cos * v / nv**2)
    return first.T @ d_u + second.T @ d_v


def _separation(cosines: np.ndarray, labels: np.ndarray) -> dict:
    """How far apart similar and dissimilar pairs sit, and the best threshold's accuracy."""
    similar, dissimilar = cosines[labels > 0], cosines[labels < 0]
    accuracy = max(np.mean((cosines >= t) == (labels > 0)) for t in cosines)
    return {
        "mean_cosine_similar": float(similar.mean()),
        "mean_cosine_dissimilar": float(dissimilar.mean()),
        "separation": float(similar.mean() - dissimilar.mean()),
        "best_threshold_accuracy": float(accuracy),
    }


def separation_report(
    test_pairs: pd.DataFrame, corpus: list[str], embeddings: np.ndarray, projection: np.ndarray
) -> dict:
    """Held-out pairs in the raw and the projected space, and the gain in separation."""
    first, second, labels = _pair_vectors(test_pairs, corpus, embeddings)
    raw = _separation(_cosines(first, second), labels)
    projected = _separation(_cosines(first @ projection, second @ projection), labels)
    return {
        "test_pairs": len(labels),
        "raw": raw,
        "projected": projected,
        "separation_gain": projected["separation"] - raw["separation"],
        "accuracy_gain": projected["best_threshold_accuracy"] - raw["best_threshold_accuracy"],
    }


def projected_new_texts(
    new_texts: list[str], corpus: list[str], embeddings: np.ndarray, projection: np.ndarray
) -> np.ndarray:
    """The new texts' embeddings in the learned space, one unit-length row each."""
    row = {text: i for i, text in enumerate(corpus)}
    return _unit_rows(embeddings[[row[t] for t in new_texts]] @ projection)


def new_text_neighbours(
    new_texts: list[str],
    projected_new_texts: np.ndarray,
    pairs: pd.DataFrame,
    corpus: list[str],
    embeddings: np.ndarray,
    projection: np.ndarray,
) -> pd.DataFrame:
    """For each new text, the closest known text in the learned space, to eyeball it."""
    known = list(dict.fromkeys([*pairs["text_1"], *pairs["text_2"]]))
    row = {text: i for i, text in enumerate(corpus)}
    space = _unit_rows(embeddings[[row[t] for t in known]] @ projection)
    scores = projected_new_texts @ space.T
    best = scores.argmax(axis=1)
    return pd.DataFrame(
        {
            "text": new_texts,
            "nearest_known_text": [known[i] for i in best],
            "cosine": scores[np.arange(len(best)), best],
        }
    )
