"""Summarize a long document: chunk it, summarize each chunk, then summarize the summaries.

The summariser is chosen by ``config: {llm: ...}``:

- ``llm: extractive`` (offline) picks each chunk's most central sentences, scored
  with TF-IDF and TextRank from scikit-learn and numpy; no network, no key.
- ``llm: openai`` asks any OpenAI-compatible chat API (``openai_client`` in
  ``flows/openai_client.py``; ``base_url`` points it at Ollama or vLLM). Each
  chunk is its own task, so with ``executor: threads`` chunks are summarised in
  parallel, at most ``pools: {openai: N}`` at a time; each call is retried on
  rate limits and server errors and given up on after a timeout.

``config: {prompt_style: concise | bullets | plain}`` picks the instructions.
"""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import openai

from dagrun import Collect, Parallelizable, cache, config, retry, tag, timeout

# What is worth another try: rate limits, dropped connections, server errors, timeouts.
RETRYABLE = (
    openai.RateLimitError,
    openai.APIConnectionError,
    openai.InternalServerError,
    TimeoutError,
)
SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[\"'A-Z0-9])")


@cache(behavior="recompute")  # the file may change under the same path: read it again
def document_text(document_path: str) -> str:
    """The document to summarise, read as UTF-8 text."""
    return Path(document_path).read_text(encoding="utf-8")


def _sentences(text: str) -> list[str]:
    """The sentences of ``text``, paragraph by paragraph.

    A paragraph without a closing full stop (a heading) gets one, so it stays
    a sentence of its own once chunks join sentences with spaces.
    """
    sentences = []
    for paragraph in re.split(r"\n\s*\n", text):
        flat = " ".join(paragraph.split())
        if flat and flat[-1] not in ".!?\"'":
            flat += "."
        sentences.extend(s for s in SENTENCE_END.split(flat) if s)
    return sentences


def chunks(document_text: str, chunk_words: int = 200) -> list[str]:
    """The document cut into pieces of about ``chunk_words`` words, at sentence ends.

    A sentence is never split; one longer than ``chunk_words`` is a chunk of its own.
    """
    pieces: list[list[str]] = [[]]
    words = 0
    for sentence in _sentences(document_text):
        length = len(sentence.split())
        if pieces[-1] and words + length > chunk_words:
            pieces.append([])
            words = 0
        pieces[-1].append(sentence)
        words += length
    return [" ".join(piece) for piece in pieces if piece]


def chunk(chunks: list[str]) -> Parallelizable[str]:
    """Each chunk as its own task."""
    yield from chunks


# ---- instructions: one variant per prompt_style ---------------------------------


@config.when(prompt_style="concise")
def instructions__concise() -> str:
    """Short, neutral prose."""
    return "Summarize the text in two or three plain sentences. Keep names and numbers."


@config.when(prompt_style="bullets")
def instructions__bullets() -> str:
    """Key points as a list."""
    return "List the three most important points of the text as short bullet points."


@config.when(prompt_style="plain")
def instructions__plain() -> str:
    """For readers new to the subject."""
    return "Explain what the text says in simple words a twelve-year-old would follow."


def chunk_prompt(chunk: str, instructions: str) -> str:
    """The request for one chunk: instructions, then the text between markers."""
    return f"{instructions}\n\nText:\n<<<\n{chunk}\n>>>"


# ---- per-chunk summaries ---------------------------------------------------------


@tag(pool="openai")
@retry(times=4, on=RETRYABLE, backoff=0.5)
@timeout(seconds=60)
@config.when(llm="openai")
def chunk_summary__openai(
    chunk_prompt: str, openai_client: openai.OpenAI, chat_model: str = "gpt-4o-mini"
) -> str:
    """One chunk summarised by the chat model."""
    return _ask(openai_client, chat_model, chunk_prompt)


@config.when(llm="extractive")
def chunk_summary__extractive(chunk: str, sentences_per_chunk: int = 2) -> str:
    """One chunk's most central sentences, in their original order."""
    return _extract_summary(chunk, sentences_per_chunk)


def chunk_summaries(chunk_summary: Collect[str]) -> list[str]:
    """The chunk summaries, in document order."""
    return list(chunk_summary)


# ---- reduce ------------------------------------------------------------------------


def summary_prompt(chunk_summaries: list[str], instructions: str) -> str:
    """The request that merges the chunk summaries into one."""
    joined = "\n".join(f"- {part}" for part in chunk_summaries)
    return f"These are summaries of consecutive parts of one document.\n{instructions}\n\n{joined}"


@tag(pool="openai")
@retry(times=4, on=RETRYABLE, backoff=0.5)
@timeout(seconds=120)
@config.when(llm="openai")
def summary__openai(
    summary_prompt: str, openai_client: openai.OpenAI, chat_model: str = "gpt-4o-mini"
) -> str:
    """The whole document's summary, written by the chat model from the chunk summaries."""
    return _ask(openai_client, chat_model, summary_prompt)


@config.when(llm="extractive")
def summary__extractive(chunk_summaries: list[str], summary_sentences: int = 4) -> str:
    """The most central sentences of the chunk summaries."""
    return _extract_summary(" ".join(chunk_summaries), summary_sentences)


def _ask(client: openai.OpenAI, model: str, prompt: str) -> str:
    """The chat model's answer to one user message."""
    response = client.chat.completions.create(
        model=model, messages=[{"role": "user", "content": prompt}]
    )
    return response.choices[0].message.content.strip()


def _extract_summary(text: str, sentences: int) -> str:
    """The ``sentences`` most central sentences of ``text``, kept in reading order.

    Centrality is TextRank: PageRank over the graph whose edges are the TF-IDF
    cosine similarities between sentences.
    """
    from sklearn.feature_extraction.text import TfidfVectorizer

    candidates = _sentences(text)
    if len(candidates) <= sentences:
        return " ".join(candidates)
    vectors = TfidfVectorizer(stop_words="english").fit_transform(candidates)
    similarity = (vectors @ vectors.T).toarray()
    np.fill_diagonal(similarity, 0.0)
    scores = _pagerank(similarity)
    keep = sorted(np.argsort(-scores, kind="stable")[:sentences])
    return " ".join(candidates[i] for i in keep)


def _pagerank(weights: np.ndarray, damping: float = 0.85, rounds: int = 100) -> np.ndarray:
    """Stationary scores of a random walk on ``weights``; isolated nodes jump anywhere."""
    size = len(weights)
    totals = weights.sum(axis=1, keepdims=True)
    walk = np.where(totals > 0, weights / np.where(totals > 0, totals, 1.0), 1.0 / size)
    scores = np.full(size, 1.0 / size)
    for _ in range(rounds):
        scores = (1 - damping) / size + damping * walk.T @ scores
    return scores
